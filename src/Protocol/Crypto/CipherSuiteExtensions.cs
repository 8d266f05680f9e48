using System.Security.Cryptography;

namespace ActorQuic.Protocol.Crypto;

/// <summary>Per-suite parameters QUIC packet protection needs (RFC 9001 §5.1, §5.3; RFC 8446 appendix B.4).</summary>
public static class CipherSuiteExtensions
{
    /// <summary>The AEAD nonce length of every TLS 1.3 suite QUIC uses, hence the "quic iv" length (RFC 9001 §5.1).</summary>
    public const int IvLength = 12;

    /// <summary>Every suite QUIC defines header protection for has a 16-byte tag (RFC 9001 §5.3).</summary>
    public const int TagLength = 16;

    /// <summary>The HKDF hash: SHA-384 for TLS_AES_256_GCM_SHA384, SHA-256 for the other two.</summary>
    public static HashAlgorithmName GetHashAlgorithm(this CipherSuite suite) => suite switch
    {
        CipherSuite.Aes128GcmSha256 or CipherSuite.ChaCha20Poly1305Sha256 => HashAlgorithmName.SHA256,
        CipherSuite.Aes256GcmSha384 => HashAlgorithmName.SHA384,
        _ => throw Unknown(suite),
    };

    /// <summary>Hash.length, the size of traffic secrets (and of the "quic ku" output, RFC 9001 §6.1).</summary>
    public static int GetHashLength(this CipherSuite suite) => suite switch
    {
        CipherSuite.Aes128GcmSha256 or CipherSuite.ChaCha20Poly1305Sha256 => 32,
        CipherSuite.Aes256GcmSha384 => 48,
        _ => throw Unknown(suite),
    };

    /// <summary>
    /// AEAD key length, which is also the header protection key length: AES-128 uses a 16-byte
    /// key, AES-256 and ChaCha20 32 bytes (RFC 9001 §5.4.3, §5.4.4).
    /// </summary>
    public static int GetKeyLength(this CipherSuite suite) => suite switch
    {
        CipherSuite.Aes128GcmSha256 => 16,
        CipherSuite.Aes256GcmSha384 or CipherSuite.ChaCha20Poly1305Sha256 => 32,
        _ => throw Unknown(suite),
    };

    public static bool IsSupported(this CipherSuite suite) =>
        suite is CipherSuite.Aes128GcmSha256 or CipherSuite.Aes256GcmSha384 or CipherSuite.ChaCha20Poly1305Sha256;

    private static ArgumentOutOfRangeException Unknown(CipherSuite suite) =>
        new(nameof(suite), suite, "not a cipher suite QUIC can use");
}
