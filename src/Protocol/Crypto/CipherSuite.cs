namespace ActorQuic.Protocol.Crypto;

/// <summary>The TLS 1.3 cipher suites QUIC uses (RFC 9001 §5.3), by their TLS code points.</summary>
public enum CipherSuite : ushort
{
    Aes128GcmSha256 = 0x1301,
    Aes256GcmSha384 = 0x1302,
    ChaCha20Poly1305Sha256 = 0x1303,
}
