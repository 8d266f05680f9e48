using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// The write key and IV of one direction, derived from a traffic secret (RFC 9846 §7.3):
/// [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length) and
/// [sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length). These are the TLS labels;
/// QUIC's "quic key"/"quic iv" (RFC 9001 §5.1) would give different keys.
/// </summary>
public sealed record TlsRecordKeys(CipherSuite Suite, byte[] Key, byte[] Iv)
{
    /// <summary>Every TLS 1.3 AEAD here has N_MIN = 12, so iv_length = 12 (§5.3).</summary>
    public const int IvLength = 12;

    public static TlsRecordKeys FromSecret(CipherSuite suite, ReadOnlySpan<byte> secret)
    {
        HashAlgorithmName hash = HashOf(suite);
        byte[] key = HkdfLabel.Expand(hash, secret, "key", [], KeyLength(suite));
        byte[] iv = HkdfLabel.Expand(hash, secret, "iv", [], IvLength);
        return new TlsRecordKeys(suite, key, iv);
    }

    /// <summary>The HKDF hash of a suite (RFC 9846 §B.4).</summary>
    public static HashAlgorithmName HashOf(CipherSuite suite) =>
        suite == CipherSuite.Aes256GcmSha384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    /// <summary>AES-128-GCM has a 16-byte key; AES-256-GCM and ChaCha20-Poly1305 32 bytes (RFC 5116, RFC 8439).</summary>
    public static int KeyLength(CipherSuite suite) => suite == CipherSuite.Aes128GcmSha256 ? 16 : 32;
}
