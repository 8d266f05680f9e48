using System.Security.Cryptography;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The handshake transcript (RFC 9846 §4.4.1). Kept as raw bytes because the hash function is
/// only known once the cipher suite is chosen, and a HelloRetryRequest replaces ClientHello1 by
/// a synthetic message_hash message. Handshakes are a few KiB, so re-hashing is cheap.
/// </summary>
internal sealed class TlsTranscript
{
    private TlsBuffer _bytes = new();

    /// <summary>Drops everything (used when ClientHello1 is replaced by message_hash after an HRR).</summary>
    public void Reset() => _bytes = new TlsBuffer();

    public void Append(ReadOnlySpan<byte> message) => _bytes.WriteBytes(message);

    public byte[] Hash(HashAlgorithmName hash) => HashWith(hash, ReadOnlySpan<byte>.Empty);

    /// <summary>Transcript-Hash(messages so far || extra), e.g. a truncated ClientHello for PSK binders (§4.2.11.2).</summary>
    public byte[] HashWith(HashAlgorithmName hash, ReadOnlySpan<byte> extra)
    {
        using var h = IncrementalHash.CreateHash(hash);
        h.AppendData(_bytes.Span);
        h.AppendData(extra);
        return h.GetHashAndReset();
    }

    /// <summary>
    /// The transcript after a HelloRetryRequest starts with message_hash(Hash(ClientHello1))
    /// (RFC 9846 §4.4.1): type 254, 24-bit length = Hash.length, then the hash.
    /// </summary>
    public static byte[] MessageHash(HashAlgorithmName hash, ReadOnlySpan<byte> clientHello1)
    {
        byte[] digest = hash == HashAlgorithmName.SHA384 ? SHA384.HashData(clientHello1) : SHA256.HashData(clientHello1);
        var msg = new byte[4 + digest.Length];
        msg[0] = (byte)HandshakeType.MessageHash;
        msg[3] = (byte)digest.Length;
        digest.CopyTo(msg, 4);
        return msg;
    }
}
