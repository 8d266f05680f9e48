using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.IO;

namespace ActorQuic.Host.Hq;

/// <summary>
/// The client side of one hq-interop request: sends <c>GET /path\r\n</c> and FIN, and streams the
/// answer to a file. The body goes to <c>NAME.part</c> first and is renamed only after the server's
/// FIN, so a reset or broken transfer never leaves a file that looks complete.
/// </summary>
internal static class HqDownloader
{
    /// <summary>Our application error code when the user cancels ("client closed request").</summary>
    public const long CancelledErrorCode = 499;

    /// <summary>Returns the byte count; throws when the transfer did not complete with FIN.</summary>
    public static async Task<long> DownloadAsync(IHqStream stream, string requestPath, string outputPath,
        IDownloadProgress progress, IMaterializer materializer, CancellationToken cancellationToken)
    {
        string partial = outputPath + ".part";
        await using var cancel = cancellationToken.Register(() => stream.Abort(CancelledErrorCode)).ConfigureAwait(false);
        long received = 0;
        Exception? failure = null;
        try
        {
            var request = Source.Single(ByteString.FromBytes(HqRequestLine.Format(requestPath))).RunWith(stream.Outgoing, materializer);
            var body = stream.Incoming
                .Select(chunk =>
                {
                    received += chunk.Count;
                    progress.Received(chunk.Count);
                    return chunk;
                })
                // A reset ends the byte stream here rather than failing the file sink, which would
                // log it as an error of its own; the cause is rethrown below.
                .Recover(e =>
                {
                    failure = e;
                    return Akka.Util.Option<ByteString>.None;
                })
                .RunWith(FileIO.ToFile(new FileInfo(partial), FileMode.Create), materializer);
            IOResult result;
            try
            {
                result = await body.ConfigureAwait(false);
            }
            catch (Exception) when (Volatile.Read(ref failure) is not null)
            {
                result = IOResult.Success(0); // the stream's own failure is the one to report
            }
            if (Volatile.Read(ref failure) is { } cause) throw cause;
            if (!result.WasSuccessful) throw result.Error ?? new IOException("the transfer did not complete");
            // The request's own completion matters less than the answer, but surface a failure to send it.
            await request.ConfigureAwait(false);
            File.Move(partial, outputPath, overwrite: true);
            progress.Finished(true);
            return Interlocked.Read(ref received);
        }
        catch
        {
            progress.Finished(false);
            TryDelete(partial);
            cancellationToken.ThrowIfCancellationRequested();
            throw;
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
