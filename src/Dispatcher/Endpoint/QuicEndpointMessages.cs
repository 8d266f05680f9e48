using System.Net;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.Dispatcher.Endpoint;

// The endpoint actor's message contract (see EndpointActor). Directions:
//   intake (socket thread) → endpoint : DatagramReceived, DatagramBatchReceived
//   endpoint → connection             : DatagramReceived, DatagramBatchReceived, StatelessResetDetected, ConnectionIdRejected
//   connection → endpoint             : RegisterConnectionId, RetireConnectionId, RegisterPeerResetToken,
//                                       RetirePeerResetToken, HandshakeCompleted
//   user → endpoint                   : Connect (→ Connected | Status.Failure), GetEndpointStatistics
//                                       (→ EndpointStatisticsReport), Unbind (→ Unbound)

/// <summary>
/// A UDP datagram from <paramref name="Remote"/>. Sent by the socket-thread intake to the endpoint,
/// then forwarded unchanged to the connection its DCID belongs to. Whoever receives it owns
/// <paramref name="Datagram"/> and must <see cref="PooledDatagram.Return"/> it when done (see
/// <see cref="PooledDatagram"/>): the endpoint for drops and stateless answers, the connection
/// after processing. A connection may see coalesced packets (RFC 9000 §12.2) and must split them.
/// </summary>
public sealed record DatagramReceived(PooledDatagram Datagram, IPEndPoint Remote);

/// <summary>
/// Several <see cref="DatagramReceived"/> in arrival order, from one drain of the socket (intake →
/// endpoint) or the ones of such a drain that belong to one connection (endpoint → connection).
/// Each one's buffer has the same owner rules as a lone <see cref="DatagramReceived"/>; batching
/// only saves the per-datagram mailbox hops.
/// </summary>
public sealed record DatagramBatchReceived(DatagramReceived[] Datagrams);

/// <summary>
/// Endpoint → connection: a datagram from <paramref name="Remote"/> ended in a stateless reset
/// token the connection's peer issued (RFC 9000 §10.3.1). The connection enters the draining
/// period and sends nothing more (§10.3). The datagram itself was consumed by the endpoint.
/// </summary>
public sealed record StatelessResetDetected(IPEndPoint Remote);

/// <summary>
/// Connection → endpoint: route datagrams addressed to <paramref name="ConnectionId"/>, one of the
/// connection's local CIDs (e.g. before advertising it in NEW_CONNECTION_ID, RFC 9000 §5.1.1), to
/// the sender. Its length must be the endpoint's local CID length (short headers do not carry it,
/// §5.2). Idempotent. On a collision or over the per-connection limit the endpoint answers
/// <see cref="ConnectionIdRejected"/>; success is silent.
/// </summary>
public sealed record RegisterConnectionId(ConnectionId ConnectionId);

/// <summary>
/// Connection → endpoint: stop routing <paramref name="ConnectionId"/> to the sender (the peer
/// retired it, RFC 9000 §19.16, or a server no longer needs the client's original DCID once the
/// handshake has moved to its own SCID, §7.2). Only the owner can retire a CID; unknown ones are ignored.
/// </summary>
public sealed record RetireConnectionId(ConnectionId ConnectionId);

/// <summary>Endpoint → connection: a <see cref="RegisterConnectionId"/> that was refused; pick another CID.</summary>
public sealed record ConnectionIdRejected(ConnectionId ConnectionId, string Reason);

/// <summary>
/// Connection → endpoint: the peer issued <paramref name="Token"/> for a connection ID the
/// connection may send to (transport parameter or NEW_CONNECTION_ID, RFC 9000 §10.3). Datagrams
/// nothing else claims that end in it are reported back as <see cref="StatelessResetDetected"/>.
/// A token already registered by another connection keeps its first owner.
/// </summary>
public sealed record RegisterPeerResetToken(StatelessResetToken Token);

/// <summary>
/// Connection → endpoint: the peer's connection ID that <paramref name="Token"/> belongs to was
/// retired, so the token no longer counts (RFC 9000 §10.3.1: only tokens of CIDs in use).
/// </summary>
public sealed record RetirePeerResetToken(StatelessResetToken Token);

/// <summary>
/// Server connection → endpoint: the handshake is confirmed, so the connection no longer counts
/// against <c>MaxHandshakesInProgress</c> (the Initial-flood guard). Ignored from client connections.
/// </summary>
public sealed record HandshakeCompleted
{
    public static readonly HandshakeCompleted Instance = new();

    private HandshakeCompleted()
    {
    }
}

/// <summary>
/// User → endpoint: open a client connection to <paramref name="Remote"/> on the endpoint's
/// socket. <paramref name="ClientOptions"/> is handed to the client connection untouched. The
/// endpoint replies <see cref="Connected"/> once the connection actor exists (before any
/// handshake), or <see cref="Status.Failure"/> when it cannot create one.
/// </summary>
public sealed record Connect(IPEndPoint Remote, object? ClientOptions);

/// <summary>
/// Endpoint → the sender of <see cref="Connect"/>: the client connection actor and its first
/// local CID. Handshake success or failure is reported later by the connection itself, to
/// <see cref="NewConnectionContext.Requester"/>.
/// </summary>
public sealed record Connected(IActorRef Connection, ConnectionId LocalConnectionId);

/// <summary>User → endpoint: reply with an <see cref="EndpointStatisticsReport"/>.</summary>
public sealed record GetEndpointStatistics
{
    public static readonly GetEndpointStatistics Instance = new();

    private GetEndpointStatistics()
    {
    }
}

/// <summary>User → endpoint: close the socket and stop every connection; the endpoint replies <see cref="Unbound"/> and stops.</summary>
public sealed record Unbind
{
    public static readonly Unbind Instance = new();

    private Unbind()
    {
    }
}

/// <summary>Endpoint → the sender of <see cref="Unbind"/>: the endpoint is stopping; its transport is disposed as it stops.</summary>
public sealed record Unbound(EndPoint LocalEndPoint);
