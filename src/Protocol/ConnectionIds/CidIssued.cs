using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>
/// We issued <paramref name="ConnectionId"/>: the dispatcher must route packets carrying it to
/// this connection until it is retired (RFC 9000 §5.1.1), and may answer packets for it with
/// <paramref name="ResetToken"/> in a stateless reset once the connection is gone (§10.3).
/// </summary>
public sealed record CidIssued(ConnectionId ConnectionId, StatelessResetToken ResetToken)
    : ConnectionIdRoutingChange(ConnectionId);
