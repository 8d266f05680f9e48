using System.Buffers;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Endpoint;
using Akka.Actor;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>
/// How an <see cref="EndpointActor"/> is built: its socket, its routing rules, and how it makes
/// connection actors. Checked by <see cref="Validate"/> when the actor's Props are made.
/// </summary>
public sealed class EndpointActorSettings
{
    /// <summary>Default bound on datagrams between the socket thread and the actor (about 6 MB of 1,500-byte buffers).</summary>
    public const int DefaultIntakeLimit = 4096;

    /// <summary>
    /// Makes the transport when the actor starts (and again if it is ever restarted). Set this or
    /// <see cref="Transport"/>, not both.
    /// </summary>
    public Func<IDatagramTransport>? TransportFactory { get; init; }

    /// <summary>
    /// An already bound transport, e.g. to learn the port before naming the actor. The endpoint
    /// takes ownership: it starts it and disposes it when it stops.
    /// </summary>
    public IDatagramTransport? Transport { get; init; }

    /// <summary>
    /// The routing rules: server role, versions, Retry, limits, rate limits, reset tokens, and the
    /// randomness the endpoint also draws its connection IDs from. The router keeps a reference:
    /// do not share one options object between endpoints.
    /// </summary>
    public required EndpointRouterOptions RouterOptions { get; init; }

    /// <summary>Length of every connection ID this endpoint issues; from <see cref="RouterOptions"/> (RFC 9000 §5.2).</summary>
    public int LocalConnectionIdLength => RouterOptions.LocalConnectionIdLength;

    /// <summary>Props of a server connection accepted from a client Initial. Required when the server role is on.</summary>
    public Func<NewConnectionContext, Props>? ServerConnectionProps { get; init; }

    /// <summary>Props of a client connection opened by <see cref="Connect"/>. Without it Connect fails.</summary>
    public Func<NewConnectionContext, Props>? ClientConnectionProps { get; init; }

    /// <summary>
    /// The time in milliseconds handed to the router (token issue and expiry, rate limits, the pending
    /// buffer). Defaults to the scheduler's wall clock (<see cref="ITimeProvider.Now"/>) so tokens
    /// stay valid across restarts and server farms sharing a key, and so a TestScheduler's virtual
    /// time applies. The router tolerates a clock that steps back.
    /// </summary>
    public Func<IScheduler, long> Clock { get; init; } = static scheduler => scheduler.Now.ToUnixTimeMilliseconds();

    /// <summary>Where received datagrams are copied to (tests pass a counting pool).</summary>
    public ArrayPool<byte> DatagramPool { get; init; } = ArrayPool<byte>.Shared;

    /// <summary>
    /// Datagrams that may wait between the socket thread and the actor; beyond it the intake sheds
    /// and counts (the actor is behind, and the socket must not block).
    /// </summary>
    public int IntakeLimit { get; init; } = DefaultIntakeLimit;

    /// <summary>Local CIDs one connection may have registered at once (bounds the table against a misbehaving connection).</summary>
    public int MaxConnectionIdsPerConnection { get; init; } = 16;

    /// <summary>Peer reset tokens one connection may have registered at once.</summary>
    public int MaxPeerResetTokensPerConnection { get; init; } = 16;

    /// <summary>Length of a client's random initial DCID: at least 8 (RFC 9000 §7.2), at most 20.</summary>
    public int ClientInitialConnectionIdLength { get; init; } = 8;

    /// <summary>The 2nd..nth Initials of a connection still being created (RFC 9000 §5.2.2); null for the default bounds.</summary>
    public PendingInitialBuffer? PendingInitials { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if ((TransportFactory is null) == (Transport is null))
            throw new ArgumentException("set exactly one of TransportFactory and Transport", nameof(Transport));
        ArgumentNullException.ThrowIfNull(RouterOptions);
        RouterOptions.Validate();
        // This endpoint routes every connection by CID: zero-length local CIDs would need routing by address.
        if (LocalConnectionIdLength == 0)
            throw new ArgumentException("the endpoint routes by connection ID: LocalConnectionIdLength must be at least 1",
                nameof(RouterOptions));
        if (RouterOptions.AcceptNewConnections && ServerConnectionProps is null)
            throw new ArgumentException("the server role needs ServerConnectionProps", nameof(ServerConnectionProps));
        ArgumentNullException.ThrowIfNull(Clock);
        ArgumentNullException.ThrowIfNull(DatagramPool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(IntakeLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnectionIdsPerConnection);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxPeerResetTokensPerConnection);
        if (ClientInitialConnectionIdLength is < EndpointRouter<object>.MinInitialDestinationConnectionIdLength or > Protocol.Wire.ConnectionId.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(ClientInitialConnectionIdLength), ClientInitialConnectionIdLength,
                "8-20 bytes (RFC 9000 §7.2, §17.2)");
    }
}
