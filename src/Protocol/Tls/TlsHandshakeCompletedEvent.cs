namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The handshake is complete at this endpoint: it sent its Finished and verified the peer's (RFC 9001 §4.1.1).
/// The peer's transport parameters are authenticated from here on.
/// </summary>
public sealed record TlsHandshakeCompletedEvent(bool Resumed, bool EarlyDataAccepted) : TlsEvent;
