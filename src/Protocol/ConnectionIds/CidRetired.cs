using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>
/// The peer retired <paramref name="ConnectionId"/> (RFC 9000 §19.16): the dispatcher stops
/// routing it to this connection.
/// </summary>
public sealed record CidRetired(ConnectionId ConnectionId) : ConnectionIdRoutingChange(ConnectionId);
