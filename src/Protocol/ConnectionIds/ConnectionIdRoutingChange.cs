using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>
/// A change to the dispatcher's routing table caused by our connection ID bookkeeping
/// (RFC 9000 §5.1.1, §5.2): a connection ID that now routes to this connection, or one that
/// no longer does. Plain values the connection forwards to the dispatcher.
/// </summary>
public abstract record ConnectionIdRoutingChange(ConnectionId ConnectionId);
