using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Transport;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// The settings a connection runs with whatever its role: the base of <see cref="ConnectionOptions"/>
/// and of what the endpoint's factories take (<see cref="ClientConnectionOptions"/>,
/// <see cref="ServerConnectionSettings"/>), so each is declared and defaulted once.
/// </summary>
public abstract class ConnectionSettings
{
    /// <summary>
    /// Our transport parameters; the connection fills in its connection IDs and, as a server,
    /// original_destination_connection_id and its reset token (RFC 9000 §7.3, §18.2).
    /// </summary>
    public TransportParameters LocalParameters { get; init; } = DefaultParameters;

    public ConnectionLifecycleOptions Lifecycle { get; init; } = new();

    /// <summary>
    /// Initiate a 1-RTT key update (RFC 9001 §6.1) after this many packets protected with the
    /// current keys, each time it is allowed (handshake confirmed, previous update acknowledged);
    /// null: only on <see cref="InitiateKeyUpdate"/> or near the AEAD confidentiality limit (§6.6).
    /// </summary>
    public ulong? KeyUpdateAfterPackets { get; init; }

    /// <summary>The congestion controller (RFC 9002 §7): CUBIC by default, or NewReno.</summary>
    public CongestionControlAlgorithm CongestionControl { get; init; }

    /// <summary>Randomness for the connection IDs we issue (RFC 9000 §5.1: unpredictable); null: a cryptographic RNG. Seeded in tests.</summary>
    public Action<Span<byte>>? ConnectionIdRandom { get; init; }

    /// <summary>
    /// Write a qlog file per connection into this directory (created if missing), named
    /// <c>&lt;odcid-hex&gt;_&lt;server|client&gt;.sqlog</c>; null (the default): no qlog, and no cost.
    /// </summary>
    public string? QlogDirectory { get; init; }

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
        // RFC 9221 §3: we accept DATAGRAM frames up to this size (type, length and payload).
        MaxDatagramFrameSize = 65535,
        // RFC 9000 §5.1.1, §18.2: we hold up to four of the peer's connection IDs.
        ActiveConnectionIdLimit = 4,
    };
}
