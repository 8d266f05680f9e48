using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A traffic secret became available for <paramref name="Level"/> in one direction (RFC 9001 §4.1.4).
/// QUIC derives packet protection and header protection keys from it (RFC 9001 §5.1).
/// </summary>
public sealed record TlsKeyInstalledEvent(EncryptionLevel Level, TlsKeyDirection Direction, CipherSuite CipherSuite,
    byte[] Secret) : TlsEvent;
