namespace ActorQuic.Protocol.Connection;

/// <summary>
/// Where a connection is in its life (RFC 9000 §10, RFC 9001 §4.1). States only move forward:
/// Handshaking → Established → Confirmed → Closing/Draining → Closed, with shortcuts (a server's
/// handshake is confirmed when it completes; an idle timeout goes straight to Closed; Closing may
/// become Draining).
/// </summary>
public enum ConnectionState : byte
{
    /// <summary>The TLS handshake has not completed.</summary>
    Handshaking,

    /// <summary>The handshake is complete (RFC 9001 §4.1.1) but not yet confirmed: a client waiting for HANDSHAKE_DONE.</summary>
    Established,

    /// <summary>The handshake is confirmed (RFC 9001 §4.1.2); Handshake keys are gone.</summary>
    Confirmed,

    /// <summary>A CONNECTION_CLOSE was sent (RFC 9000 §10.2.1): answer incoming packets with it, rate-limited.</summary>
    Closing,

    /// <summary>The peer closed, or a stateless reset arrived (RFC 9000 §10.2.2, §10.3): send nothing.</summary>
    Draining,

    /// <summary>The connection is over; all state may be discarded. Every further input is ignored.</summary>
    Closed,
}
