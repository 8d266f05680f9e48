using System.Buffers;
using System.Security.Cryptography;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// The Retry Integrity Tag (RFC 9001 §5.8; RFC 9369 §3.3.3 for v2): AEAD_AES_128_GCM with a
/// fixed key and nonce, empty plaintext, over the Retry pseudo-packet
/// <c>ODCID Length (8) || Original Destination Connection ID || Retry packet without its tag</c>.
/// It only guards against corruption and off-path forgery: the key is public.
/// </summary>
public static class RetryIntegrity
{
    public const int TagLength = 16;

    // A server under attack answers many Initials with Retry, so the ciphers are cached; one
    // per thread because AesGcm instances are not thread-safe.
    [ThreadStatic] private static AesGcm? t_v1;
    [ThreadStatic] private static AesGcm? t_v2;

    /// <summary>Computes the tag to append to <paramref name="retryWithoutTag"/>.</summary>
    /// <param name="originalDcid">The Destination Connection ID of the client's Initial this Retry answers.</param>
    public static void ComputeTag(uint version, ReadOnlySpan<byte> originalDcid, ReadOnlySpan<byte> retryWithoutTag, Span<byte> tag)
    {
        if (originalDcid.Length > ConnectionId.MaxLength)
            throw new ArgumentException($"connection IDs are at most {ConnectionId.MaxLength} bytes", nameof(originalDcid));
        if (tag.Length != TagLength)
            throw new ArgumentException($"the Retry Integrity Tag is {TagLength} bytes", nameof(tag));
        var cipher = GetCipher(version);
        int length = 1 + originalDcid.Length + retryWithoutTag.Length;
        byte[]? rented = null;
        Span<byte> pseudo = length <= 1536 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        pseudo[0] = (byte)originalDcid.Length;
        originalDcid.CopyTo(pseudo[1..]);
        retryWithoutTag.CopyTo(pseudo[(1 + originalDcid.Length)..]);
        cipher.Encrypt(VersionLabels.RetryNonce(version), ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, pseudo);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>
    /// Checks the tag at the end of a received Retry packet (RFC 9000 §17.2.5.2). False for
    /// anything malformed; the comparison is constant-time.
    /// </summary>
    public static bool Verify(uint version, ReadOnlySpan<byte> originalDcid, ReadOnlySpan<byte> retryPacket)
    {
        if (!QuicVersion.IsSupported(version) || originalDcid.Length > ConnectionId.MaxLength || retryPacket.Length < TagLength)
            return false;
        Span<byte> expected = stackalloc byte[TagLength];
        int tagOffset = retryPacket.Length - TagLength;
        ComputeTag(version, originalDcid, retryPacket[..tagOffset], expected);
        return CryptographicOperations.FixedTimeEquals(expected, retryPacket[tagOffset..]);
    }

    private static AesGcm GetCipher(uint version) => version switch
    {
        QuicVersion.V1 => t_v1 ??= new AesGcm(VersionLabels.RetryKey(version), TagLength),
        QuicVersion.V2 => t_v2 ??= new AesGcm(VersionLabels.RetryKey(version), TagLength),
        _ => throw new ArgumentOutOfRangeException(nameof(version), $"0x{version:x8}", "Retry integrity is defined for QUIC v1 and v2 only"),
    };
}
