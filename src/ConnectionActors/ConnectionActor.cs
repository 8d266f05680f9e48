using ActorQuic.Dispatcher.Actors;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// One QUIC connection: owns the <see cref="ConnectionLifecycle"/>, the
/// <see cref="ConnectionTimers"/> (one scheduled timer for the earliest deadline of itself and
/// its children), the connection IDs and the <see cref="Protocol.Connection.StreamRegistry"/>
/// with the application's stream contract (StreamMessages.cs). Creates the
/// reader, receiver, tls, sender and resender children in <see cref="PreStart"/> and
/// supervises them: a child's failure closes the connection with INTERNAL_ERROR (or the
/// QuicProtocolException's / TLS alert's code) and it stops after the closing period — a
/// child is never restarted, protocol state cannot be rebuilt.
/// </summary>
public sealed partial class ConnectionActor : ReceiveActor, IWithTimers
{
    private const string TimerKey = "connection";

    private readonly ConnectionOptions _options;
    private readonly ConnectionClock _clock;
    private readonly ConnectionTimers _timers = new();
    private readonly TransportParameters _localParameters;
    private ConnectionLifecycle _lifecycle = null!;
    private ConnectionChildren _children = null!;
    private static readonly TimeSpan MinimumTimerDelay = TimeSpan.FromMilliseconds(1);
    private TimeSpan? _armedAt;
    // The latest deadline already run immediately (see UpdateTimer); TimeSpan.MinValue: none yet.
    private TimeSpan _firedImmediatelyUpTo = TimeSpan.MinValue;

    public ConnectionActor(ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _clock = new ConnectionClock(Context.System.Scheduler);
        // RFC 9000 §7.3: both ends authenticate the connection IDs through transport parameters.
        _localParameters = options.LocalParameters with
        {
            InitialSourceConnectionId = options.LocalConnectionId,
            OriginalDestinationConnectionId = options.IsServer ? options.OriginalDestinationConnectionId : null,
            RetrySourceConnectionId = options.IsServer && !options.RetrySourceConnectionId.IsEmpty ? options.RetrySourceConnectionId : null,
            StatelessResetToken = options.IsServer ? options.StatelessResetToken : null,
        };
        _registry = new Protocol.Connection.StreamRegistry(
            options.IsServer ? Protocol.Streams.StreamInitiator.Server : Protocol.Streams.StreamInitiator.Client, _localParameters);
        Handlers();
        EndpointHandlers();
        PeerStreamHandlers();
        ApplicationStreamHandlers();
        RetryHandlers();
        KeyUpdateHandlers();
        ConnectionIdHandlers();
        EarlyDataHandlers();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ConnectionOptions options)
    {
        // A delegate, not an expression tree: see FactoryProps.
        var props = FactoryProps.Of(() => new ConnectionActor(options));
        return options.Dispatcher is { } dispatcher ? props.WithDispatcher(dispatcher) : props;
    }

    /// <summary>The lifecycle state, for tests.</summary>
    internal ConnectionState State => _lifecycle.State;

    protected override SupervisorStrategy SupervisorStrategy()
    {
        var self = Self;
        var log = _log;
        string cid = _options.LocalConnectionId.ToString();
        // Akka's own failure logging is off: a peer can make a child fail on purpose (bad TLS
        // data, frames), so peer-caused failures are one Info line and only our own bugs are
        // Errors — one line each, with the connection ID.
        return new OneForOneStrategy(maxNrOfRetries: -1, withinTimeMilliseconds: -1, localOnlyDecider: error =>
        {
            if (error is QuicProtocolException or TlsAlertException)
                log.Info("connection {0}: peer input failed a child: {1}", cid, error.Message);
            else
                log.Error(error, "connection {0}: a child failed; closing with INTERNAL_ERROR", cid);
            // Never restart: protocol state cannot be rebuilt. The connection closes itself.
            self.Tell(new ChildFailed(error.GetType().Name, error));
            return Directive.Stop;
        }, loggingEnabled: false);
    }

    protected override void PreStart()
    {
        TimeSpan now = _clock.Now;
        _lifecycle = new ConnectionLifecycle(_options.IsServer, _options.Lifecycle, now);
        var engine = CreateTlsEngine();
        var receiverOptions = new PacketReceiverOptions
        {
            IsServer = _options.IsServer,
            Version = _options.Version,
            LocalConnectionIdLength = _options.LocalConnectionId.Length,
            OriginalDestinationConnectionId = _options.IsServer ? null : _options.OriginalDestinationConnectionId,
            AckDelayExponent = _localParameters.AckDelayExponent,
            MaxAckDelay = TimeSpan.FromMilliseconds(_localParameters.MaxAckDelayMs),
        };
        var firstPeerCid = _options.IsServer ? _options.PeerConnectionId : _options.OriginalDestinationConnectionId;
        _children = new ConnectionChildren(
            Reader: Child(ReaderActor.Props(_options.LocalConnectionId.Length), "reader"),
            Receiver: Child(ReceiverActor.Props(receiverOptions, _clock), "receiver"),
            Tls: Child(TlsActor.Props(engine, _clock), "tls"),
            Sender: Child(SenderActor.Props(_options.IsServer, _options.Version, _clock, _options.Transport, _options.Remote,
                _options.LocalConnectionId, firstPeerCid), "sender"),
            Resender: Child(ResenderActor.Props(_options.IsServer, _clock, _options.CongestionControl), "resender"));
        foreach (var child in new[] { _children.Reader, _children.Receiver, _children.Tls, _children.Sender, _children.Resender })
            child.Tell(_children);
        StartQlog();
        ConfigureKeyUpdates();

        // RFC 9001 §5.2: Initial keys come from the client's first DCID, before TLS says anything.
        var (client, server) = InitialSecrets.Derive(_options.Version, _options.InitialKeysConnectionId.Span);
        _children.Receiver.Tell(new InstallReadKeys(EncryptionLevel.Initial, InitialSecrets.Suite, _options.IsServer ? client : server));
        _children.Sender.Tell(new InstallWriteKeys(EncryptionLevel.Initial, InitialSecrets.Suite, _options.IsServer ? server : client));
        Apply(_lifecycle.OnKeysAvailable(EncryptionLevel.Initial));
        // RFC 9000 §8.1: a Retry or NEW_TOKEN token already proved the client's address.
        if (_options.IsServer && _options.AddressValidated) Apply(_lifecycle.OnAddressValidated());
        if (!_options.IsServer) _children.Tls.Tell(new StartHandshake(_options.EarlyDataHold));
        UpdateTimer();
    }

    private IActorRef Child(Props props, string name) =>
        Context.ActorOf(_options.Dispatcher is { } d ? props.WithDispatcher(d) : props, name);

    private TlsEngine CreateTlsEngine()
    {
        byte[] encoded = _localParameters.ToArray();
        if (_options.IsServer)
        {
            _options.TlsServer!.TransportParameters = encoded;
            return new TlsServer(_options.TlsServer);
        }
        _options.TlsClient!.TransportParameters = encoded;
        return new TlsClient(_options.TlsClient);
    }

    /// <summary>Re-arms the single timer at the earliest deadline, if it moved.</summary>
    private void UpdateTimer()
    {
        _lifecycle.ApplyTo(_timers);
        TimeSpan? earliest = _timers.Earliest;
        if (earliest == _armedAt) return;
        _armedAt = earliest;
        if (earliest is not { } at)
        {
            Timers.Cancel(TimerKey);
            return;
        }
        TimeSpan delay = at - _clock.Now;
        if (delay <= TimeSpan.Zero && at > _firedImmediatelyUpTo)
        {
            // A deadline already due runs now, through the mailbox (RFC 9002 §6.2.2.1: a PTO
            // "set to a time in the past ... is executed immediately"); e.g. the Handshake PTO
            // once the first RTT sample shrinks the period below the age of the flight. A
            // zero-delay scheduled timer fires a scheduler tick later at best, and a virtual-time
            // scheduler loses it when it is scheduled while that tick's due work is delivered:
            // _armedAt then names a timer that never fires, the PTO that should resend the lost
            // end of the Handshake flight (§6.2.4) never runs, and the handshake stalls.
            // Only once per deadline, though: a child that re-reports a past deadline it did not act
            // on (e.g. a PTO whose probe cannot leave yet) made this a mailbox busy loop that cost
            // ~110 ms CPU and ~18 MB of garbage per server handshake. A deadline not later than one
            // already run immediately waits for a scheduler tick (MinimumTimerDelay) instead.
            _firedImmediatelyUpTo = at;
            Timers.Cancel(TimerKey);
            Self.Tell(ConnectionTimerFired.Instance);
            return;
        }
        Timers.StartSingleTimer(TimerKey, ConnectionTimerFired.Instance, delay > MinimumTimerDelay ? delay : MinimumTimerDelay);
    }

    private void OnTimerFired()
    {
        _armedAt = null;
        TimeSpan now = _clock.Now;
        bool lifecycleDue = false;
        while (_timers.TryTakeExpired(now, out var kind))
        {
            switch (kind)
            {
                case TimerKind.AckDelay:
                    _children.Receiver.Tell(new TimerExpired(kind));
                    break;
                case TimerKind.LossDetection:
                    _children.Resender.Tell(new TimerExpired(kind));
                    break;
                case TimerKind.Pacing:
                case TimerKind.EarlyDataHold:
                    _children.Sender.Tell(new TimerExpired(kind));
                    break;
                default:
                    lifecycleDue = true;
                    break;
            }
        }
        if (lifecycleDue) Apply(_lifecycle.OnTimeout(now));
        UpdateTimer();
    }
}
