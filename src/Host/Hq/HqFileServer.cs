using System.Buffers;
using System.Diagnostics;
using ActorQuic.Http3.FileServer;
using ActorQuic.Http3.Messages;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Host.Hq;

/// <summary>
/// Answers hq-interop requests (see <see cref="HqRequestLine"/>) from files under a root, one
/// bidirectional stream per request. Path decoding and confinement are
/// <see cref="FileRequestHandler"/>'s: <c>..</c>, <c>%2e%2e</c> and symlinks out of the root are
/// "not found". The file is streamed from the handle the handler opened and verified (never
/// re-opened by name, never loaded whole), then FIN.
/// <para>HTTP/0.9 has no status line, so every failure resets the stream (RESET_STREAM and
/// STOP_SENDING) with the HTTP status as the application error code: 400 for a malformed or
/// oversized request, 404 for a missing, hidden or outside path, 403 when the OS denies access.
/// A directory serves its index.html or a listing.</para>
/// </summary>
internal sealed class HqFileServer
{
    private const int ChunkSize = 64 * 1024;

    private readonly FileRequestHandler _files;
    private readonly IMaterializer _materializer;
    private readonly Action<string> _accessLog;
    private readonly TimeSpan _requestTimeout;

    public HqFileServer(FileRequestHandler files, IMaterializer materializer, Action<string> accessLog, TimeSpan? requestTimeout = null)
    {
        _files = files;
        _materializer = materializer;
        _accessLog = accessLog;
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Serves one stream to its end; never throws (a broken stream is logged, not fatal).</summary>
    public async Task HandleAsync(IHqStream stream, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var timestamp = DateTimeOffset.UtcNow;
        string? path = null;
        int status;
        long sent = 0;
        try
        {
            path = await ReadRequestAsync(stream, cancellationToken).ConfigureAwait(false);
            if (path is null)
            {
                status = 400;
                stream.Abort(status);
            }
            else
            {
                (status, sent) = await RespondAsync(stream, path).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The peer reset the stream, the connection ended, or the file could not be read.
            status = 0;
            stream.Abort(500);
            _accessLog(new AccessLogLine(timestamp, stream.Remote, "GET", path ?? "-", status, sent,
                Stopwatch.GetElapsedTime(started)) + " " + Cli.HostText.OneLine(e.Message));
            return;
        }
        _accessLog(new AccessLogLine(timestamp, stream.Remote, "GET", path ?? "-", status, sent, Stopwatch.GetElapsedTime(started)).ToString());
    }

    /// <summary>The request path, or null for a bad request (malformed, too long, too slow).</summary>
    private async Task<string?> ReadRequestAsync(IHqStream stream, CancellationToken cancellationToken)
    {
        var (killSwitch, queue) = stream.Incoming
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .ToMaterialized(Sink.Queue<ByteString>(), Keep.Both)
            .Run(_materializer);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        var received = new ArrayBufferWriter<byte>(256);
        try
        {
            while (true)
            {
                var next = await queue.PullAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
                bool complete = !next.HasValue;
                if (!complete)
                {
                    // Bound the buffer before copying: a line end may still be in this chunk.
                    int room = HqRequestLine.MaxLength + 2 - received.WrittenCount;
                    var chunk = next.Value;
                    int take = Math.Min(chunk.Count, Math.Max(room, 0));
                    chunk.Slice(0, take).ToReadOnlySpan().CopyTo(received.GetSpan(take));
                    received.Advance(take);
                }
                var status = HqRequestLine.TryParse(received.WrittenSpan, complete, out string path);
                if (status == HqRequestStatus.Ok) return path;
                if (status == HqRequestStatus.Bad || complete) return null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // too slow: same as malformed
        }
        finally
        {
            // Anything after the request line is ignored; stop reading (the client has usually sent FIN already).
            killSwitch.Shutdown();
        }
    }

    private async Task<(int Status, long Sent)> RespondAsync(IHqStream stream, string path)
    {
        var plan = _files.Handle(Request(path));
        if (plan.Status == 308 && plan.Header("location") is { } location)
        {
            // No redirects in HTTP/0.9: a directory named without its slash is served as the directory.
            plan.Dispose();
            plan = _files.Handle(Request(location));
        }
        using (plan)
        {
            if (plan.Status != 200)
            {
                stream.Abort(plan.Status);
                return (plan.Status, 0);
            }
            long sent = 0;
            var body = Body(plan).Select(chunk =>
            {
                sent += chunk.Count;
                return chunk;
            });
            await body.RunWith(stream.Outgoing, _materializer).ConfigureAwait(false);
            return (200, Volatile.Read(ref sent));
        }
    }

    private static Http3Request Request(string path) => new("GET", "https", null, path, [], null);

    private static Source<ByteString, NotUsed> Body(FileResponsePlan plan) => plan.BodyKind switch
    {
        // No Range header is ever passed, so the content is the whole file from offset 0.
        FileResponseBodyKind.File when plan.File is { } file =>
            StreamConverters.FromInputStream(() => file, ChunkSize).MapMaterializedValue(_ => NotUsed.Instance),
        FileResponseBodyKind.Buffer => Source.Single(ByteString.FromBytes(plan.Buffer.ToArray())),
        _ => Source.Empty<ByteString>(),
    };
}
