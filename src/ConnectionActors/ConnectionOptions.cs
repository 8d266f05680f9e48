using System.Net;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>What a <see cref="ConnectionActor"/> needs to start. Immutable once handed over.</summary>
public sealed class ConnectionOptions
{
    public bool IsServer { get; init; }

    /// <summary>The QUIC version (v1 by default).</summary>
    public uint Version { get; init; } = QuicVersion.V1;

    /// <summary>The socket (or simulated transport) the sender writes to directly.</summary>
    public required IDatagramTransport Transport { get; init; }

    public required IPEndPoint Remote { get; init; }

    /// <summary>Our connection ID: the SCID of our long headers and the DCID the peer uses.</summary>
    public required ConnectionId LocalConnectionId { get; init; }

    /// <summary>
    /// Client: the random DCID of its first Initial (RFC 9000 §7.2). Server: the DCID of the
    /// client's first Initial. Initial secrets derive from it (RFC 9001 §5.2).
    /// </summary>
    public required ConnectionId OriginalDestinationConnectionId { get; init; }

    /// <summary>Server only: the SCID of the client's first Initial, our first DCID.</summary>
    public ConnectionId PeerConnectionId { get; init; }

    /// <summary>Exactly one of the two, matching <see cref="IsServer"/>. Its TransportParameters are replaced by ours.</summary>
    public TlsClientOptions? TlsClient { get; init; }

    public TlsServerOptions? TlsServer { get; init; }

    /// <summary>
    /// Our transport parameters; the connection fills in initial_source_connection_id and, as a
    /// server, original_destination_connection_id (RFC 9000 §7.3).
    /// </summary>
    public TransportParameters LocalParameters { get; init; } = DefaultParameters;

    public ConnectionLifecycleOptions Lifecycle { get; init; } = new();

    /// <summary>Receives ConnectionEstablished, StreamDataReceived, ConnectionTerminated and ConnectionClosed; may be null.</summary>
    public IActorRef? Owner { get; init; }

    /// <summary>Dispatcher of the connection and its children (e.g. the TestKit's calling-thread dispatcher); null: default.</summary>
    public string? Dispatcher { get; init; }

    public static TransportParameters DefaultParameters { get; } = new()
    {
        MaxIdleTimeoutMs = 30_000,
        InitialMaxData = 16 * 1024 * 1024,
        InitialMaxStreamDataBidiLocal = 4 * 1024 * 1024,
        InitialMaxStreamDataBidiRemote = 4 * 1024 * 1024,
        InitialMaxStreamDataUni = 4 * 1024 * 1024,
        InitialMaxStreamsBidi = 100,
        InitialMaxStreamsUni = 100,
    };

    internal void Validate()
    {
        if (IsServer ? TlsServer is null : TlsClient is null)
            throw new ArgumentException(IsServer ? "a server needs TlsServer options" : "a client needs TlsClient options");
        if (IsServer && PeerConnectionId.IsEmpty && OriginalDestinationConnectionId.IsEmpty)
            throw new ArgumentException("a server needs the client's connection IDs", nameof(PeerConnectionId));
    }
}
