using ActorQuic.Host.Hq;
using ActorQuic.Http3.Transport;
using ActorQuic.Streams;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Host.Cli;

internal static partial class GetRunner
{
    /// <summary>
    /// All URLs of one connection as concurrent h3 requests (RFC 9114 §4.1: one bidirectional stream
    /// each); returns how many did not complete.
    /// </summary>
    private static async Task<int> FetchAllH3Async(QuicConnection connection, DownloadTarget[] targets, GetSettings settings,
        DownloadProgressDisplay progress, IMaterializer materializer, HostConsole console, CancellationToken cancellationToken)
    {
        Http3ClientConnection h3;
        try
        {
            h3 = await Http3ClientConnection.StartAsync(connection, materializer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            console.Error($"cannot start HTTP/3 on {targets[0].Authority}: {HostText.OneLine(e.GetBaseException().Message)}");
            foreach (var t in targets) progress.For(t).Finished(false);
            return targets.Length;
        }
        var results = await Task.WhenAll(targets.Select(t => FetchOneH3Async(h3, t, settings, progress.For(t), materializer,
            console, cancellationToken))).ConfigureAwait(false);
        // CONNECTION_CLOSE with H3_NO_ERROR (RFC 9114 §8.1), bounded: the answer does not matter any more.
        await h3.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
            .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        return results.Count(ok => !ok);
    }

    /// <summary>
    /// One GET: the content goes to <c>NAME.part</c> and is renamed only when the status was 200 and
    /// the whole message arrived (as many bytes as content-length said, when it said).
    /// </summary>
    private static async Task<bool> FetchOneH3Async(Http3ClientConnection h3, DownloadTarget target, GetSettings settings,
        IDownloadProgress progress, IMaterializer materializer, HostConsole console, CancellationToken cancellationToken)
    {
        string output = Path.Combine(settings.OutputDir, target.FileName);
        string partial = output + ".part";
        try
        {
            var response = await h3.SendAsync("GET", target.Url.Authority, target.RequestPath, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (response.Status != 200)
            {
                // The (small) error body is read to the end so the stream is released cleanly.
                _ = response.Body.RunWith(Sink.Ignore<Akka.IO.ByteString>(), materializer);
                throw new IOException($"HTTP status {response.Status}");
            }
            if (response.ContentLength is { } expected) progress.Expected(expected);
            long received = 0;
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await response.Body.SelectAsync(1, async chunk =>
                    {
                        await chunk.WriteToAsync(file).ConfigureAwait(false);
                        received += chunk.Count;
                        progress.Received(chunk.Count);
                        return NotUsed.Instance;
                    })
                    .RunWith(Sink.Ignore<NotUsed>(), materializer)
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            if (response.ContentLength is { } length && length != received)
                throw new IOException($"incomplete: {received} of {length} bytes");
            File.Move(partial, output, overwrite: true);
            progress.Finished(true);
            console.Line($"saved {target.Url} -> {output} ({received} bytes)");
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            progress.Finished(false);
            TryDelete(partial);
            console.Error($"{target.Url}: {HostText.OneLine(e.GetBaseException().Message)}");
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover .part file is visibly incomplete.
        }
    }
}
