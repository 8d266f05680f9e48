using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// The router's verdict on one datagram: a value the dispatcher carries out (quinn-style
/// sans-IO). Which fields are set depends on <see cref="Kind"/>; build one only through the
/// factories. Response bytes belong to the decision (a fresh array: these replies are rare and
/// must outlive the call until the socket has sent them).
/// </summary>
public readonly record struct RouteDecision<THandle>
{
    private RouteDecision(RouteDecisionKind kind) => Kind = kind;

    public RouteDecisionKind Kind { get; }

    /// <summary>The connection for <see cref="RouteDecisionKind.RouteToConnection"/> and <see cref="RouteDecisionKind.StatelessResetReceived"/>.</summary>
    public THandle? Handle { get; private init; }

    /// <summary>Why, for <see cref="RouteDecisionKind.Drop"/>.</summary>
    public DropReason DropReason { get; private init; }

    /// <summary>The new connection, for <see cref="RouteDecisionKind.AcceptNewConnection"/>.</summary>
    public IncomingConnection Connection { get; private init; }

    /// <summary>The client's original DCID, for <see cref="RouteDecisionKind.BufferForPendingConnection"/>.</summary>
    public ConnectionId PendingKey { get; private init; }

    /// <summary>The datagram to send back to the sender, for the Send* kinds.</summary>
    public ReadOnlyMemory<byte> Response { get; private init; }

    /// <summary>The error in the CONNECTION_CLOSE, for <see cref="RouteDecisionKind.SendInitialClose"/>.</summary>
    public TransportErrorCode CloseErrorCode { get; private init; }

    public static RouteDecision<THandle> Drop(DropReason reason) => new(RouteDecisionKind.Drop) { DropReason = reason };

    public static RouteDecision<THandle> RouteToConnection(THandle handle) =>
        new(RouteDecisionKind.RouteToConnection) { Handle = handle };

    public static RouteDecision<THandle> StatelessResetReceived(THandle handle) =>
        new(RouteDecisionKind.StatelessResetReceived) { Handle = handle };

    public static RouteDecision<THandle> Accept(IncomingConnection connection) =>
        new(RouteDecisionKind.AcceptNewConnection) { Connection = connection };

    public static RouteDecision<THandle> BufferForPendingConnection(ConnectionId originalDestinationConnectionId) =>
        new(RouteDecisionKind.BufferForPendingConnection) { PendingKey = originalDestinationConnectionId };

    public static RouteDecision<THandle> SendVersionNegotiation(byte[] packet) =>
        new(RouteDecisionKind.SendVersionNegotiation) { Response = packet };

    public static RouteDecision<THandle> SendRetry(byte[] packet) =>
        new(RouteDecisionKind.SendRetry) { Response = packet };

    public static RouteDecision<THandle> SendInitialClose(byte[] packet, TransportErrorCode errorCode) =>
        new(RouteDecisionKind.SendInitialClose) { Response = packet, CloseErrorCode = errorCode };

    public static RouteDecision<THandle> SendStatelessReset(byte[] packet) =>
        new(RouteDecisionKind.SendStatelessReset) { Response = packet };

    /// <summary>Whether the dispatcher has bytes to send back.</summary>
    public bool HasResponse => Kind is RouteDecisionKind.SendVersionNegotiation or RouteDecisionKind.SendRetry
        or RouteDecisionKind.SendInitialClose or RouteDecisionKind.SendStatelessReset;

    public override string ToString() => Kind switch
    {
        RouteDecisionKind.Drop => $"Drop({DropReason})",
        RouteDecisionKind.RouteToConnection => $"RouteToConnection({Handle})",
        RouteDecisionKind.StatelessResetReceived => $"StatelessResetReceived({Handle})",
        RouteDecisionKind.AcceptNewConnection => $"AcceptNewConnection({Connection})",
        RouteDecisionKind.BufferForPendingConnection => $"BufferForPendingConnection({PendingKey})",
        RouteDecisionKind.SendInitialClose => $"SendInitialClose({CloseErrorCode}, {Response.Length} bytes)",
        _ => $"{Kind}({Response.Length} bytes)",
    };
}
