using System.Net;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>
/// Everything a new connection actor is created with: passed to the endpoint's connection
/// <see cref="Props"/> factories. The endpoint has already registered
/// <see cref="LocalConnectionId"/> (and for a server, the client's DCID) for routing by the
/// time the connection's first message arrives.
/// </summary>
public sealed record NewConnectionContext
{
    public required ConnectionRole Role { get; init; }

    /// <summary>The QUIC version: the client's choice for a server (RFC 9000 §5.2.2), the endpoint's first supported version for a client.</summary>
    public required uint Version { get; init; }

    /// <summary>
    /// The connection's first local CID, the SCID of its long headers (RFC 9000 §7.2). Random, of
    /// the endpoint's local CID length, unique on the endpoint; the child actor is named
    /// <c>conn-&lt;hex of this&gt;</c>. Further CIDs are the connection's to make and register.
    /// </summary>
    public required ConnectionId LocalConnectionId { get; init; }

    /// <summary>
    /// The DCID of the connection's first packets. A server: the client's SCID. A client: a fresh
    /// random ID of at least 8 bytes (RFC 9000 §7.2), from which both sides derive the Initial keys (RFC 9001 §5.2).
    /// </summary>
    public required ConnectionId InitialDestinationConnectionId { get; init; }

    /// <summary>Length of every local CID on this endpoint: the connection's own new CIDs must have it (RFC 9000 §5.2).</summary>
    public required int LocalConnectionIdLength { get; init; }

    /// <summary>The peer's address.</summary>
    public required IPEndPoint Remote { get; init; }

    /// <summary>
    /// What the router learned from the client's Initial (server role only): the DCID the Initial keys
    /// derive from, the original and retry CIDs for the transport parameters (RFC 9000 §7.3), and
    /// whether the address is validated (§8.1).
    /// </summary>
    public IncomingConnection? Incoming { get; init; }

    /// <summary>
    /// The endpoint's socket. Connections send their own datagrams here directly (thread-safe), with
    /// no hop through the endpoint per datagram. They must not <see cref="IDisposable.Dispose"/> it or call Start.
    /// </summary>
    public required IDatagramTransport Transport { get; init; }

    /// <summary>
    /// The generator behind the stateless reset tokens the endpoint would send for unknown CIDs:
    /// tokens the connection issues for its CIDs (transport parameter, NEW_CONNECTION_ID) must come
    /// from it (RFC 9000 §10.3.2). Null when the endpoint sends no Stateless Resets. Thread-safe.
    /// </summary>
    public StatelessResetTokenGenerator? ResetTokens { get; init; }

    /// <summary>The endpoint actor: where <see cref="RegisterConnectionId"/> and the other connection → endpoint messages go.</summary>
    public required IActorRef Endpoint { get; init; }

    /// <summary>Client role: the options passed to <see cref="Connect"/>, untouched.</summary>
    public object? ClientOptions { get; init; }

    /// <summary>Client role: who sent <see cref="Connect"/>, to be told when the handshake succeeds or fails.</summary>
    public IActorRef? Requester { get; init; }
}
