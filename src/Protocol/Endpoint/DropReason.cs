namespace ActorQuic.Protocol.Endpoint;

/// <summary>Why <see cref="EndpointRouter{THandle}"/> dropped a datagram, for metrics and logs.</summary>
public enum DropReason : byte
{
    /// <summary>Not a drop.</summary>
    None,

    /// <summary>A zero-length UDP payload.</summary>
    Empty,

    /// <summary>A v1/v2 packet with the fixed bit 0 (RFC 9000 §17.2, §17.3.1).</summary>
    FixedBitZero,

    /// <summary>The first packet cannot be delimited (lengths overrun the datagram, CIDs over 20 bytes).</summary>
    Malformed,

    /// <summary>Too short to hold a header protection sample or our connection ID (RFC 9001 §5.4.2, RFC 9000 §10.3).</summary>
    PacketTooShort,

    /// <summary>A short header for no connection, and resets are off or impossible (zero-length local CIDs).</summary>
    UnknownConnection,

    /// <summary>A short header for no connection, too small to answer with a smaller Stateless Reset (RFC 9000 §10.3.3).</summary>
    StatelessResetTriggerTooSmall,

    /// <summary>A Stateless Reset was due but the reset token bucket was empty (RFC 9000 §10.3.3).</summary>
    StatelessResetRateLimited,

    /// <summary>An unsupported version in a datagram under 1200 bytes: MUST drop (RFC 9000 §5.2.2).</summary>
    UnsupportedVersionTooSmall,

    /// <summary>A Version Negotiation packet for no connection of ours (RFC 9000 §6.2: never answered).</summary>
    VersionNegotiationUnknownConnection,

    /// <summary>A 0-RTT packet for no connection (RFC 9000 §5.2.2 allows buffering only while the connection is being created).</summary>
    ZeroRttUnknownConnection,

    /// <summary>A Handshake packet for no connection: servers SHOULD ignore it (RFC 9000 §5.2.2).</summary>
    HandshakeUnknownConnection,

    /// <summary>A Retry for no client connection of ours.</summary>
    RetryUnknownConnection,

    /// <summary>A packet that could start a connection, but this endpoint does not accept connections (client role only).</summary>
    NotAcceptingConnections,

    /// <summary>A client Initial in a datagram under 1200 bytes: MUST discard (RFC 9000 §14.1).</summary>
    InitialDatagramTooSmall,

    /// <summary>A first client Initial whose DCID is under 8 bytes (RFC 9000 §7.2).</summary>
    InitialConnectionIdTooShort,

    /// <summary>Over the connection or handshake limit with refusal by CONNECTION_CLOSE switched off.</summary>
    ConnectionLimit,

    /// <summary>A Version Negotiation or Initial CONNECTION_CLOSE was due but the response token bucket was empty.</summary>
    ResponseRateLimited,
}
