using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>OpenSSL's command-line names for the engine's suites and groups.</summary>
public static class OpenSslNames
{
    public static string Suite(CipherSuite suite) => suite switch
    {
        CipherSuite.Aes128GcmSha256 => "TLS_AES_128_GCM_SHA256",
        CipherSuite.Aes256GcmSha384 => "TLS_AES_256_GCM_SHA384",
        CipherSuite.ChaCha20Poly1305Sha256 => "TLS_CHACHA20_POLY1305_SHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(suite)),
    };

    public static string Group(NamedGroup group) => group switch
    {
        NamedGroup.X25519 => "X25519",
        NamedGroup.Secp256r1 => "P-256",
        NamedGroup.Secp384r1 => "P-384",
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };
}
