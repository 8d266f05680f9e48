namespace ActorQuic.Protocol.Qlog;

/// <summary>Why keys changed (security:key_updated trigger, quic-events 0.3 §6.1).</summary>
public enum QlogKeyUpdateTrigger : byte
{
    /// <summary>TLS produced the secret: Initial, 0-RTT, Handshake and the first 1-RTT keys.</summary>
    Tls,

    /// <summary>We initiated a 1-RTT key update (RFC 9001 §6.1).</summary>
    LocalUpdate,

    /// <summary>The peer initiated a 1-RTT key update (RFC 9001 §6.2).</summary>
    RemoteUpdate,
}
