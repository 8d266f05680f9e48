using ActorQuic.Http3.FileServer;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;
using Akka.Util;

namespace ActorQuic.Http3.Transport;

/// <summary>The content of a <see cref="FileResponsePlan"/> as a Source: files are read chunk by chunk on demand, never whole.</summary>
internal static class Http3FileBody
{
    public static Source<ByteString, NotUsed>? For(FileResponsePlan plan, int chunkSize)
    {
        switch (plan.BodyKind)
        {
            case FileResponseBodyKind.Buffer:
                return Source.Single(ByteString.CopyFrom(plan.Buffer.ToArray()));
            case FileResponseBodyKind.File when plan.File is { } file:
                file.Position = plan.FileOffset;
                return Source.UnfoldAsync(plan.BodyLength, async remaining =>
                {
                    if (remaining <= 0) return Option<(long, ByteString)>.None;
                    // A fresh array per chunk: the stream stages keep the ByteString until it is written.
                    // Uninitialized: only the bytes read are ever exposed, and zeroing 64 KB per chunk
                    // showed up as a few percent of a file server's CPU.
                    var chunk = GC.AllocateUninitializedArray<byte>((int)Math.Min(remaining, chunkSize));
                    int read = await file.ReadAsync(chunk).ConfigureAwait(false);
                    // A file that shrank underneath: fail, so the stream is reset rather than ended short of Content-Length.
                    if (read == 0) throw new IOException($"{plan.ResolvedPath} ended {remaining} bytes early");
                    return Option<(long, ByteString)>.Create((remaining - read, ByteString.FromBytes(chunk, 0, read)));
                });
            default:
                return null;
        }
    }
}
