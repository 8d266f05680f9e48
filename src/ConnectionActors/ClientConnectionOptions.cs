using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// What a client connection needs beyond the endpoint's <see cref="ActorQuic.Dispatcher.Endpoint.NewConnectionContext"/>:
/// pass one as <see cref="ActorQuic.Dispatcher.Endpoint.Connect.ClientOptions"/>, one per Connect
/// (the connection writes its transport parameters into <see cref="Tls"/>, RFC 9001 §8.2).
/// </summary>
public sealed class ClientConnectionOptions
{
    /// <summary>Server name (SNI and certificate check), trust, ALPN and the rest of TLS.</summary>
    public required TlsClientOptions Tls { get; init; }

    /// <summary>Our transport parameters; the connection fills in initial_source_connection_id (RFC 9000 §7.3).</summary>
    public TransportParameters LocalParameters { get; init; } = ConnectionOptions.DefaultParameters;

    public ConnectionLifecycleOptions Lifecycle { get; init; } = new();

    /// <summary>
    /// Initiate a 1-RTT key update (RFC 9001 §6.1) after this many packets protected with the
    /// current keys, each time it is allowed (handshake confirmed, previous update acknowledged);
    /// null: only on <see cref="InitiateKeyUpdate"/> or near the AEAD confidentiality limit (§6.6).
    /// </summary>
    public ulong? KeyUpdateAfterPackets { get; init; }

    /// <summary>The congestion controller (RFC 9002 §7): CUBIC by default, or NewReno.</summary>
    public ActorQuic.Protocol.Recovery.CongestionControlAlgorithm CongestionControl { get; init; }

    /// <summary>Randomness for the connection IDs the connection issues (RFC 9000 §5.1); null: a cryptographic RNG.</summary>
    public Action<Span<byte>>? ConnectionIdRandom { get; init; }

    /// <summary>Receives the connection's events; null: whoever sent Connect (the requester).</summary>
    public IActorRef? Owner { get; init; }

    /// <summary>Dispatcher of the connection and its children; null: default.</summary>
    public string? Dispatcher { get; init; }
}
