using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// How an endpoint's server role makes its connections (<see cref="ConnectionActor.ServerFactory"/>):
/// what every accepted connection shares. The per-connection parts (CIDs, version, address,
/// Retry and address validation) come from the <see cref="NewConnectionContext"/>.
/// </summary>
public sealed class ServerConnectionSettings
{
    /// <summary>
    /// TLS options for one new connection. Called once per accepted connection, on the endpoint's
    /// thread; it must return a fresh object each time, because the connection writes its
    /// transport parameters into it (RFC 9001 §8.2).
    /// </summary>
    public required Func<NewConnectionContext, TlsServerOptions> TlsServer { get; init; }

    /// <summary>Our transport parameters; the connection fills in its CIDs and reset token (RFC 9000 §7.3, §18.2).</summary>
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

    /// <summary>Receives each connection's events (ConnectionEstablished, StreamDataReceived, ...) with the connection as sender; may be null.</summary>
    public IActorRef? Owner { get; init; }

    /// <summary>Dispatcher of the connections and their children; null: default.</summary>
    public string? Dispatcher { get; init; }
}
