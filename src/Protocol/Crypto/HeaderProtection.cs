using System.Security.Cryptography;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// Header protection (RFC 9001 §5.4): turns a 16-byte ciphertext sample into the 5-byte mask
/// that hides the low bits of the first byte and the packet number. One instance per key;
/// instances keep scratch state, so they are not thread-safe (each connection owns its own).
/// </summary>
public abstract class HeaderProtection : IDisposable
{
    /// <summary>Both AES and ChaCha20 header protection sample 16 bytes (RFC 9001 §5.4.2).</summary>
    public const int SampleLength = 16;

    /// <summary>One byte for the first byte's bits, up to four for the packet number (RFC 9001 §5.4.1).</summary>
    public const int MaskLength = 5;

    /// <summary>
    /// AES-ECB for the AES-GCM suites (RFC 9001 §5.4.3), raw ChaCha20 for ChaCha20-Poly1305 (§5.4.4).
    /// </summary>
    public static HeaderProtection Create(CipherSuite suite, ReadOnlySpan<byte> key)
    {
        if (key.Length != suite.GetKeyLength())
            throw new ArgumentException($"{suite} needs a {suite.GetKeyLength()}-byte header protection key", nameof(key));
        return suite switch
        {
            CipherSuite.Aes128GcmSha256 or CipherSuite.Aes256GcmSha384 => AesNiHeaderProtection.IsSupported
                ? new AesNiHeaderProtection(key)
                : new AesTransformHeaderProtection(key),
            CipherSuite.ChaCha20Poly1305Sha256 => new ChaCha20HeaderProtection(key),
            _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "not a cipher suite QUIC can use"),
        };
    }

    /// <summary>Writes the first <see cref="MaskLength"/> bytes of the mask for <paramref name="sample"/>.</summary>
    /// <param name="sample">Exactly <see cref="SampleLength"/> bytes of ciphertext.</param>
    /// <param name="mask">At least <see cref="MaskLength"/> bytes.</param>
    public abstract void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    private protected static void CheckArguments(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        if (sample.Length != SampleLength)
            throw new ArgumentException($"the header protection sample is {SampleLength} bytes", nameof(sample));
        if (mask.Length < MaskLength)
            throw new ArgumentException($"the header protection mask is {MaskLength} bytes", nameof(mask));
    }

    private protected static void ZeroKey(byte[] key) => CryptographicOperations.ZeroMemory(key);
}
