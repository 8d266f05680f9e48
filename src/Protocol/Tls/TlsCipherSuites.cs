using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>Per-suite facts: the hash of HKDF and the transcript (RFC 9846 §B.4).</summary>
internal static class TlsCipherSuites
{
    public static readonly CipherSuite[] All =
        [CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256];

    public static bool IsSupported(ushort code) =>
        code is (ushort)CipherSuite.Aes128GcmSha256 or (ushort)CipherSuite.Aes256GcmSha384
            or (ushort)CipherSuite.ChaCha20Poly1305Sha256;

    public static HashAlgorithmName Hash(CipherSuite suite) =>
        suite == CipherSuite.Aes256GcmSha384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    public static int HashLength(CipherSuite suite) => suite == CipherSuite.Aes256GcmSha384 ? 48 : 32;
}
