namespace ActorQuic.Protocol.Tls;

/// <summary>The key exchange groups supported (RFC 9846 §4.2.7).</summary>
public enum NamedGroup : ushort
{
    Secp256r1 = 0x0017,
    Secp384r1 = 0x0018,
    X25519 = 0x001d,
}
