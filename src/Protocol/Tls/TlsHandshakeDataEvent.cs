using ActorQuic.Protocol;

namespace ActorQuic.Protocol.Tls;

/// <summary>Handshake bytes to append to the CRYPTO stream of <paramref name="Level"/> (RFC 9001 §4.1.3).</summary>
public sealed record TlsHandshakeDataEvent(EncryptionLevel Level, byte[] Data) : TlsEvent;
