namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// AEAD usage limits (RFC 9001 §6.6). The confidentiality limit counts packets encrypted with
/// one key: reaching it requires a key update first. The integrity limit counts packets that
/// failed authentication over the whole connection, across all keys: reaching it closes the
/// connection with AEAD_LIMIT_REACHED.
/// </summary>
public static class AeadLimits
{
    /// <summary>2^23 packets for AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 9001 §6.6, appendix B.1.1).</summary>
    public const ulong AesGcmConfidentialityLimit = 1UL << 23;

    /// <summary>2^52 invalid packets for AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 9001 §6.6, appendix B.1.2).</summary>
    public const ulong AesGcmIntegrityLimit = 1UL << 52;

    /// <summary>
    /// AEAD_CHACHA20_POLY1305's confidentiality limit exceeds the number of possible packets
    /// (2^62), so it "can be disregarded" (RFC 9001 §6.6); 2^62 can never be reached.
    /// </summary>
    public const ulong ChaCha20Poly1305ConfidentialityLimit = 1UL << 62;

    /// <summary>2^36 invalid packets for AEAD_CHACHA20_POLY1305 (RFC 9001 §6.6).</summary>
    public const ulong ChaCha20Poly1305IntegrityLimit = 1UL << 36;

    public static ulong GetConfidentialityLimit(CipherSuite suite) => suite switch
    {
        CipherSuite.Aes128GcmSha256 or CipherSuite.Aes256GcmSha384 => AesGcmConfidentialityLimit,
        CipherSuite.ChaCha20Poly1305Sha256 => ChaCha20Poly1305ConfidentialityLimit,
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "not a cipher suite QUIC can use"),
    };

    public static ulong GetIntegrityLimit(CipherSuite suite) => suite switch
    {
        CipherSuite.Aes128GcmSha256 or CipherSuite.Aes256GcmSha384 => AesGcmIntegrityLimit,
        CipherSuite.ChaCha20Poly1305Sha256 => ChaCha20Poly1305IntegrityLimit,
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "not a cipher suite QUIC can use"),
    };
}
