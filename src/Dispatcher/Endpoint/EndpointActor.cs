using ActorQuic.Dispatcher.Actors;
using System.Net;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>
/// The dispatcher, <c>/user/quic/endpoint-&lt;port&gt;</c>: a thin shell around
/// <see cref="EndpointRouter{THandle}"/> that owns one UDP transport and the connection ID
/// routing table, and creates and supervises the connection actors of both roles on that
/// socket (RFC 9000 §5.2). The routing decision is the router's; this actor only carries it out.
/// </summary>
/// <remarks>
/// <para>Datagrams: the transport's thread copies each datagram into a pooled buffer and Tells
/// it here (<see cref="DatagramIntake"/>, bounded); this actor routes it and either forwards the
/// same <see cref="DatagramReceived"/> to a connection (which then owns the buffer) or returns
/// the buffer itself. Connections send directly on the transport, so outgoing traffic never
/// passes through here.</para>
/// <para>Connections: children named <c>conn-&lt;hex SCID&gt;</c>, death-watched; they
/// register and retire their own CIDs and peer reset tokens by message. A child that fails is
/// stopped (protocol state cannot be rebuilt by a restart; STYLE.md), its routes are dropped when
/// its Terminated arrives, and the endpoint carries on.</para>
/// <para>Logging: lifecycle at Info, connections at Debug, never per datagram; what is shed is
/// counted in <see cref="EndpointStatisticsReport"/> instead.</para>
/// </remarks>
public sealed partial class EndpointActor : ReceiveActor
{
    private readonly EndpointActorSettings _settings;
    private readonly EndpointRouterOptions _routerOptions;
    private readonly ConnectionIdTable<IActorRef> _table = new();
    private readonly PendingInitialBuffer _pending;
    private readonly EndpointRouter<IActorRef> _router;
    private readonly Dictionary<IActorRef, ConnectionState> _connections = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IDatagramTransport? _transport;
    private DatagramIntake? _intake;
    private EndPoint? _localEndPoint;
    private int _handshakesInProgress;
    private int _clientConnections;
    private long _connectionFailures;
    private long _creationFailures;
    private long _responseSendFailures;

    public EndpointActor(EndpointActorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _routerOptions = settings.RouterOptions;
        _pending = settings.PendingInitials ?? new PendingInitialBuffer();
        _router = new EndpointRouter<IActorRef>(_routerOptions, _table, _pending);

        Receive<DatagramReceived>(OnDatagram);
        Receive<DatagramBatchReceived>(OnDatagramBatch);
        Receive<RegisterConnectionId>(OnRegisterConnectionId);
        Receive<RetireConnectionId>(OnRetireConnectionId);
        Receive<RegisterPeerResetToken>(OnRegisterPeerResetToken);
        Receive<RetirePeerResetToken>(OnRetirePeerResetToken);
        Receive<HandshakeCompleted>(_ => OnHandshakeCompleted());
        Receive<Terminated>(OnTerminated);
        Receive<Connect>(OnConnect);
        Receive<GetEndpointStatistics>(_ => Sender.Tell(Snapshot()));
        Receive<Unbind>(_ => OnUnbind());
    }

    /// <summary>Props for an endpoint; the settings are validated here so a bad configuration fails the caller, not the actor.</summary>
    public static Props Props(EndpointActorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return FactoryProps.Of(() => new EndpointActor(settings));
    }

    /// <summary>The conventional actor name for an endpoint bound to <paramref name="localEndPoint"/> (under <c>/user/quic</c>).</summary>
    public static string ActorName(EndPoint localEndPoint) =>
        localEndPoint is IPEndPoint ip ? $"endpoint-{ip.Port}" : "endpoint-" + Uri.EscapeDataString(localEndPoint.ToString() ?? "unknown");

    /// <summary>The name of the connection child whose first local CID is <paramref name="localConnectionId"/>.</summary>
    public static string ConnectionActorName(ConnectionId localConnectionId) => "conn-" + localConnectionId;

    protected override void PreStart()
    {
        _transport = _settings.Transport ?? _settings.TransportFactory!();
        _localEndPoint = _transport.LocalEndPoint;
        _intake = new DatagramIntake(Self, _settings.DatagramPool, _settings.IntakeLimit, _transport.SignalsReceiveIdle);
        _transport.Start(_intake);
        _log.Info("QUIC endpoint on {LocalEndPoint} (server role {ServerRole}, CID length {CidLength})",
            _localEndPoint, _routerOptions.AcceptNewConnections, _routerOptions.LocalConnectionIdLength);
    }

    /// <summary>Closes the intake first so the socket thread stops renting and telling, then the socket. Children stop with us.</summary>
    protected override void PostStop()
    {
        _intake?.Close();
        _transport?.Dispose();
        _log.Info("QUIC endpoint on {LocalEndPoint} stopped ({Connections} connections open)", _localEndPoint, _connections.Count);
    }

    protected override SupervisorStrategy SupervisorStrategy() => new StopFailedConnection(this);

    private void OnUnbind()
    {
        Sender.Tell(new Unbound(_localEndPoint!));
        Context.Stop(Self);
    }

    private long NowMs() => _settings.Clock(Context.System.Scheduler);

    private EndpointLoad Load => new(_connections.Count, _handshakesInProgress);

    private EndpointStatisticsReport Snapshot() => EndpointStatisticsReport.FromRouter(_router.Statistics) with
    {
        IntakeAccepted = _intake?.Accepted ?? 0,
        IntakeShed = _intake?.Shed ?? 0,
        IntakeNotIp = _intake?.NotIp ?? 0,
        IntakeInFlight = _intake?.InFlight ?? 0,
        Connections = _connections.Count,
        HandshakesInProgress = _handshakesInProgress,
        ClientConnections = _clientConnections,
        ConnectionIdCount = _table.ConnectionIdCount,
        PeerResetTokenCount = _table.PeerResetTokenCount,
        ConnectionFailures = _connectionFailures,
        ConnectionCreationFailures = _creationFailures,
        PendingShed = _pending.Shed,
        ResponseSendFailures = _responseSendFailures,
    };

    /// <summary>What the endpoint keeps per live connection actor.</summary>
    private sealed class ConnectionState(ConnectionRole role, ConnectionId localConnectionId)
    {
        public ConnectionRole Role { get; } = role;
        public ConnectionId LocalConnectionId { get; } = localConnectionId;

        /// <summary>A server connection counts against MaxHandshakesInProgress until it reports HandshakeCompleted.</summary>
        public bool HandshakePending { get; set; } = role == ConnectionRole.Server;
    }

    /// <summary>
    /// Stop a failing connection, never restart it (its protocol state cannot be rebuilt), and never
    /// escalate: one connection's bug must not take the socket down. Logs one line naming the CID.
    /// </summary>
    private sealed class StopFailedConnection(EndpointActor endpoint) : OneForOneStrategy(static _ => Directive.Stop)
    {
        protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive) =>
            endpoint.OnConnectionFailed(child, cause);
    }
}
