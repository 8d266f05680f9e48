namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The peer's quic_transport_parameters extension body (RFC 9001 §8.2), undecoded. Not
/// authenticated until the handshake completes.
/// </summary>
public sealed record TlsPeerTransportParametersEvent(byte[] Parameters) : TlsEvent;
