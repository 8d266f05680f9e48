using System.Globalization;
using System.Security.Cryptography;
using Akka.IO;

namespace ActorQuic.Streams.Tests.Loopback;

/// <summary>
/// A deterministic body named by the request path "/blob-&lt;seed&gt;-&lt;size&gt;": <paramref name="Size"/>
/// bytes from <c>new Random(Seed)</c>, produced chunk by chunk so a 100 MB body is never held whole.
/// </summary>
public sealed record HqBlob(int Seed, long Size)
{
    public const int ChunkSize = 64 * 1024;

    public string Path => $"/blob-{Seed.ToString(CultureInfo.InvariantCulture)}-{Size.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses a path made by <see cref="Path"/>; null for anything else.</summary>
    public static HqBlob? FromPath(string path)
    {
        if (!path.StartsWith("/blob-", StringComparison.Ordinal)) return null;
        var parts = path["/blob-".Length..].Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int seed)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            return null;
        return new HqBlob(seed, size);
    }

    /// <summary>The body as chunks of at most <see cref="ChunkSize"/> bytes, generated lazily.</summary>
    public IEnumerable<ByteString> Chunks()
    {
        var random = new Random(Seed);
        for (long left = Size; left > 0;)
        {
            var chunk = new byte[(int)Math.Min(ChunkSize, left)];
            random.NextBytes(chunk);
            left -= chunk.Length;
            yield return ByteString.FromBytes(chunk);
        }
    }

    /// <summary>The whole body (small blobs only).</summary>
    public byte[] ToArray()
    {
        var all = new byte[checked((int)Size)];
        int offset = 0;
        foreach (var chunk in Chunks())
        {
            chunk.CopyTo(all, offset, chunk.Count);
            offset += chunk.Count;
        }
        return all;
    }

    /// <summary>SHA-256 of the body, computed chunk by chunk.</summary>
    public byte[] Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in Chunks()) hash.AppendData(chunk.ToReadOnlySpan());
        return hash.GetHashAndReset();
    }
}
