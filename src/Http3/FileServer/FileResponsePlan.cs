using System.Buffers;
using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.FileServer;

/// <summary>
/// What to answer: the response header section plus where the content comes from. For files the
/// plan owns an open <see cref="FileStream"/> and names the slice to send; the caller streams it
/// in chunks (<see cref="WriteBodyToAsync"/> or its own loop) and disposes the plan.
/// </summary>
public sealed class FileResponsePlan : IDisposable
{
    internal FileResponsePlan(Http3Response response, FileResponseBodyKind kind, ReadOnlyMemory<byte> buffer,
        FileStream? file, long offset, long length, string? resolvedPath)
    {
        Response = response;
        BodyKind = kind;
        Buffer = buffer;
        File = file;
        FileOffset = offset;
        BodyLength = length;
        ResolvedPath = resolvedPath;
    }

    public Http3Response Response { get; }
    public int Status => Response.Status;
    public FileResponseBodyKind BodyKind { get; }

    /// <summary>The generated body when <see cref="BodyKind"/> is <see cref="FileResponseBodyKind.Buffer"/>.</summary>
    public ReadOnlyMemory<byte> Buffer { get; }

    /// <summary>Open for reading (SequentialScan | Asynchronous) when <see cref="BodyKind"/> is <see cref="FileResponseBodyKind.File"/>.</summary>
    public FileStream? File { get; }

    /// <summary>Where in <see cref="File"/> the content starts.</summary>
    public long FileOffset { get; }

    /// <summary>Content bytes that will be sent (0 for HEAD); what the access log records.</summary>
    public long BodyLength { get; }

    /// <summary>The real path of the file or directory served, if any (diagnostics and tests).</summary>
    public string? ResolvedPath { get; }

    /// <summary>The first value of a response header, or null.</summary>
    public string? Header(string name)
    {
        foreach (var field in Response.Headers)
        {
            if (field.Name == name) return field.Value;
        }
        return null;
    }

    /// <summary>
    /// Copies the content to <paramref name="destination"/> in chunks of at most
    /// <paramref name="chunkSize"/> bytes from a pooled buffer; returns the bytes written.
    /// A file that shrank underneath stops early (the caller sees fewer bytes than Content-Length
    /// and must reset the stream rather than end it cleanly).
    /// </summary>
    public async Task<long> WriteBodyToAsync(Stream destination, int chunkSize = 64 * 1024, CancellationToken cancellationToken = default)
    {
        switch (BodyKind)
        {
            case FileResponseBodyKind.Buffer:
                await destination.WriteAsync(Buffer, cancellationToken).ConfigureAwait(false);
                return Buffer.Length;
            case FileResponseBodyKind.File when File is not null:
                byte[] chunk = ArrayPool<byte>.Shared.Rent(chunkSize);
                try
                {
                    File.Position = FileOffset;
                    long remaining = BodyLength;
                    while (remaining > 0)
                    {
                        int want = (int)Math.Min(Math.Min(remaining, chunk.Length), chunkSize);
                        int read = await File.ReadAsync(chunk.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                        if (read == 0) break;
                        await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        remaining -= read;
                    }
                    return BodyLength - remaining;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
            default:
                return 0;
        }
    }

    public void Dispose() => File?.Dispose();
}
