namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The server's 0-RTT decision (RFC 9001 §4.6.2), raised when early data was offered: at the client
/// on EncryptedExtensions, at the server when it processes the ClientHello. When
/// <paramref name="Accepted"/> is false the client must discard 0-RTT state (streams, assumed
/// transport parameters) and the server must not process 0-RTT packets.
/// </summary>
public sealed record TlsEarlyDataEvent(bool Accepted) : TlsEvent;
