using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// One key's AEAD (RFC 9001 §5.3): AEAD_AES_128_GCM, AEAD_AES_256_GCM or
/// AEAD_CHACHA20_POLY1305, created once per key because building a cipher per packet halves
/// throughput. Seals and opens in place. Not thread-safe, like the BCL ciphers it wraps.
/// </summary>
internal sealed class PacketAead : IDisposable
{
    private readonly AesGcm? _aesGcm;
    private readonly ChaCha20Poly1305? _chaCha;
    // The IV split so the nonce is two writes: 4 bytes copied, 8 bytes XORed with the packet number.
    private readonly uint _ivHigh;
    private readonly ulong _ivLow;

    public PacketAead(CipherSuite suite, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        if (key.Length != suite.GetKeyLength())
            throw new ArgumentException($"{suite} needs a {suite.GetKeyLength()}-byte key", nameof(key));
        if (iv.Length != CipherSuiteExtensions.IvLength)
            throw new ArgumentException($"the IV is {CipherSuiteExtensions.IvLength} bytes", nameof(iv));
        if (suite == CipherSuite.ChaCha20Poly1305Sha256)
            _chaCha = new ChaCha20Poly1305(key);
        else
            _aesGcm = new AesGcm(key, CipherSuiteExtensions.TagLength);
        _ivHigh = BinaryPrimitives.ReadUInt32BigEndian(iv);
        _ivLow = BinaryPrimitives.ReadUInt64BigEndian(iv[4..]);
    }

    /// <summary>Encrypts <paramref name="payload"/> in place and writes the 16-byte tag.</summary>
    public void Seal(ulong packetNumber, ReadOnlySpan<byte> associatedData, Span<byte> payload, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[CipherSuiteExtensions.IvLength];
        MakeNonce(packetNumber, nonce);
        if (_aesGcm is not null)
            _aesGcm.Encrypt(nonce, payload, payload, tag, associatedData);
        else
            _chaCha!.Encrypt(nonce, payload, payload, tag, associatedData);
    }

    /// <summary>
    /// Decrypts <paramref name="payload"/> in place; false when authentication fails, in which
    /// case the BCL has zeroed <paramref name="payload"/>.
    /// </summary>
    public bool TryOpen(ulong packetNumber, ReadOnlySpan<byte> associatedData, Span<byte> payload, ReadOnlySpan<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[CipherSuiteExtensions.IvLength];
        MakeNonce(packetNumber, nonce);
        try
        {
            if (_aesGcm is not null)
                _aesGcm.Decrypt(nonce, payload, tag, payload, associatedData);
            else
                _chaCha!.Decrypt(nonce, payload, tag, payload, associatedData);
            return true;
        }
        catch (CryptographicException)
        {
            // The BCL has no non-throwing Decrypt (AuthenticationTagMismatchException derives
            // from CryptographicException); a forged packet is an ordinary event (RFC 9001 §5.5).
            return false;
        }
    }

    /// <summary>
    /// N = IV XOR the packet number left-padded to 12 bytes (RFC 9001 §5.3). The packet number
    /// is below 2^62, so only the last eight bytes change.
    /// </summary>
    internal void MakeNonce(ulong packetNumber, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _ivHigh);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], _ivLow ^ packetNumber);
    }

    public void Dispose()
    {
        _aesGcm?.Dispose();
        _chaCha?.Dispose();
    }
}
