using System.Diagnostics;
using ActorQuic.Http3.FileServer;
using ActorQuic.Streams;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Transport;

/// <summary>
/// The HTTP/3 file server of issue #5: <see cref="FileRequestHandler"/>'s plans (GET/HEAD, types,
/// lengths, listings, 404/405, Range → 206, root confinement) answered over
/// <see cref="Http3ServerConnection"/>, files streamed from disk in chunks, one access-log line per request.
/// </summary>
public sealed class Http3FileServer
{
    private readonly FileRequestHandler _files;
    private readonly FileServerOptions _options;
    private readonly Action<string>? _accessLog;
    private readonly TimeProvider _time;

    public Http3FileServer(string rootDirectory, FileServerOptions? options = null, Action<string>? accessLog = null, TimeProvider? time = null)
    {
        _options = options ?? FileServerOptions.Default;
        _files = new FileRequestHandler(rootDirectory, _options);
        _accessLog = accessLog;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Serves every h3 connection <paramref name="endpoint"/> accepts until
    /// <paramref name="cancellationToken"/> fires, then shuts them down gracefully (GOAWAY, up to
    /// 5 s for requests in progress, H3_NO_ERROR). Connections with another ALPN are left alone.
    /// </summary>
    public static Task RunAsync(ActorSystem system, QuicEndpoint endpoint, string rootDirectory, FileServerOptions? options,
        Action<string>? accessLog, CancellationToken cancellationToken) =>
        new Http3FileServer(rootDirectory, options, accessLog).RunAsync(system.Materializer(), endpoint, cancellationToken);

    /// <summary>See the static overload.</summary>
    public async Task RunAsync(IMaterializer materializer, QuicEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var live = new List<Task<Http3ServerConnection>>();
        var (killSwitch, done) = endpoint.IncomingConnections
            .ViaMaterialized(KillSwitches.Single<QuicConnection>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<QuicConnection>(connection =>
            {
                if (connection.NegotiatedApplicationProtocol != Http3ServerConnection.Alpn) return;
                var started = ServeAsync(connection, materializer);
                lock (live) live.Add(started);
            }), Keep.Both)
            .Run(materializer);
        using (cancellationToken.Register(() => killSwitch.Shutdown()))
        {
            await done.ConfigureAwait(false);
        }
        Task<Http3ServerConnection>[] connections;
        lock (live) connections = live.ToArray();
        var shutdowns = new List<Task>();
        foreach (var started in connections)
        {
            if (started.IsCompletedSuccessfully && !started.Result.Closed.IsCompleted)
                shutdowns.Add(started.Result.ShutdownAsync(TimeSpan.FromSeconds(5)));
        }
        await Task.WhenAll(shutdowns).ConfigureAwait(false);
    }

    /// <summary>Serves one accepted h3 connection (for hosts that dispatch on ALPN themselves).</summary>
    public Task<Http3ServerConnection> ServeAsync(QuicConnection connection, IMaterializer materializer) =>
        Http3ServerConnection.StartAsync(connection, materializer, HandleAsync);

    /// <summary>The request handler: plan, headers, streamed content, access-log line when the response was acknowledged.</summary>
    public async Task HandleAsync(Http3ServerRequest request)
    {
        long started = _time.GetTimestamp();
        var plan = _files.Handle(request.Request);
        int status = plan.Status;
        // Bytes handed to the QUIC stream (what an access log calls "sent"): a client that closes
        // as soon as it has everything (gtlsclient does) may never acknowledge the last of them.
        long sent = 0;
        try
        {
            var body = Http3FileBody.For(plan, _options.ChunkSize)?.Select(chunk =>
            {
                Interlocked.Add(ref sent, chunk.Count);
                return chunk;
            });
            await request.RespondAsync(plan.Response, body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Quic.QuicException or Http3ProtocolException)
        {
            // The peer went away or reset the stream: not an error of ours; the line shows what was sent.
        }
        finally
        {
            plan.Dispose();
            Log(request, status, Interlocked.Read(ref sent), _time.GetElapsedTime(started));
        }
    }

    private void Log(Http3ServerRequest request, int status, long bytes, TimeSpan duration)
    {
        if (_accessLog is null) return;
        var r = request.Request;
        var line = new AccessLogLine(_time.GetUtcNow(), request.RemoteEndPoint.ToString(), r.Method, r.Path ?? "", status, bytes, duration);
        try
        {
            _accessLog(line.ToString());
        }
        catch (Exception e)
        {
            Debug.WriteLine($"access log callback failed: {e.Message}");
        }
    }
}
