namespace ActorQuic.Protocol.Endpoint;

/// <summary>What the dispatcher must do with one received datagram (see <see cref="RouteDecision{THandle}"/>).</summary>
public enum RouteDecisionKind : byte
{
    /// <summary>Discard it; <see cref="RouteDecision{THandle}.DropReason"/> says why (for metrics and logs).</summary>
    Drop,

    /// <summary>Hand the whole datagram to <see cref="RouteDecision{THandle}.Handle"/> (matched by DCID, RFC 9000 §5.2).</summary>
    RouteToConnection,

    /// <summary>
    /// The datagram ends in a stateless reset token a peer gave <see cref="RouteDecision{THandle}.Handle"/>
    /// (RFC 9000 §10.3.1): tell that connection, which enters the draining period.
    /// </summary>
    StatelessResetReceived,

    /// <summary>
    /// A client Initial that may start a server connection (RFC 9000 §5.2.2, §7.2, §8.1, §14.1):
    /// create it from <see cref="RouteDecision{THandle}.Connection"/> and give it the datagram.
    /// </summary>
    AcceptNewConnection,

    /// <summary>
    /// An Initial or 0-RTT packet for a connection the dispatcher is still creating: keep the datagram in
    /// its <see cref="PendingInitialBuffer"/> under <see cref="RouteDecision{THandle}.PendingKey"/>.
    /// </summary>
    BufferForPendingConnection,

    /// <summary>Send <see cref="RouteDecision{THandle}.Response"/> (a Version Negotiation packet, RFC 9000 §6.1) to the sender.</summary>
    SendVersionNegotiation,

    /// <summary>Send <see cref="RouteDecision{THandle}.Response"/> (a Retry packet, RFC 9000 §8.1.2, §17.2.5) to the sender.</summary>
    SendRetry,

    /// <summary>
    /// Send <see cref="RouteDecision{THandle}.Response"/>: an Initial packet carrying CONNECTION_CLOSE with
    /// <see cref="RouteDecision{THandle}.CloseErrorCode"/> (INVALID_TOKEN, RFC 9000 §8.1.2, or
    /// CONNECTION_REFUSED, §5.2.2). No connection state exists, so there is no closing period.
    /// </summary>
    SendInitialClose,

    /// <summary>Send <see cref="RouteDecision{THandle}.Response"/>, a Stateless Reset (RFC 9000 §10.3).</summary>
    SendStatelessReset,
}
