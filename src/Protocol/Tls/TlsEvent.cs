namespace ActorQuic.Protocol.Tls;

/// <summary>
/// Something the TLS engine tells the QUIC connection, drained with <see cref="TlsEngine.TryDequeueEvent"/>
/// in the order produced (RFC 9001 §4.1 interface: handshake bytes per level, key installs,
/// transport parameters, completion, tickets).
/// </summary>
public abstract record TlsEvent;
