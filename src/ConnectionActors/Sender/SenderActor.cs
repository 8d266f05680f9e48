using ActorQuic.Dispatcher.Actors;
using System.Net;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Assembles, protects and sends packets: a shell around <see cref="OutgoingFrames"/> and
/// <see cref="PacketAssembler"/>. Inputs only queue work and ask for one flush (a self-message),
/// so the messages of one wake-up become one burst of datagrams, written straight to the
/// <see cref="IDatagramTransport"/> (no hop through the endpoint). Each burst's packets go to
/// the resender in one <see cref="PacketsSent"/>; their pooled <see cref="SentFrames"/> belong
/// to the resender until it hands them back acknowledged or lost.
/// </summary>
/// <remarks>
/// Pacing (RFC 9002 §7.7) lives here, not in the resender, because the sender decides when a
/// datagram leaves: it owns a <see cref="Pacer"/> fed with the window and smoothed RTT the
/// resender reports, sends congestion-controlled datagrams only while the pacer allows, and
/// when paced out reports a <see cref="TimerKind.Pacing"/> deadline to the connection's one
/// timer and resumes on <see cref="TimerExpired"/>. See SenderActor.Pacing.cs.
/// </remarks>
public sealed partial class SenderActor : ReceiveActor
{
    /// <summary>
    /// The largest UDP payload this end sends until path MTU discovery exists: 1200 bytes, which
    /// every QUIC path supports (RFC 9000 §14); loopback paths use <see cref="LoopbackMaxDatagramSize"/>. The peer's max_udp_payload_size can only lower
    /// the effective value (RFC 9000 §18.2), see <see cref="ChooseMaxDatagramSize"/>.
    /// </summary>
    public const int DefaultLocalMaxDatagramSize = SendBudget.MinMaxDatagramSize;

    private readonly PacketAssembler _assembler;
    private readonly OutgoingFrames _frames;
    private readonly ConnectionClock _clock;
    private readonly IDatagramTransport _transport;
    private readonly IPEndPoint _remote;
    private readonly bool _isServer;
    private readonly uint _version;
    private readonly int _localMaxDatagramSize;
    private readonly List<SentPacket<SentFrames>> _sent = [];
    private readonly List<SenderEvent> _events = [];
    private readonly Dictionary<ulong, (long Released, bool Completed, bool Reset)> _progress = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _receiver = ActorRefs.Nobody;
    private IActorRef _resender = ActorRefs.Nobody;
    private bool _flushRequested;
    private bool _stopped;

    // Congestion budget as last reported, and in-flight bytes sent since (see SendBudgetChanged).
    private long _congestionAvailable = RecoveryConstants.InitialWindow(SendBudget.MinMaxDatagramSize);
    private long _inFlightBytesSent;
    private long _inFlightBytesAccounted;

    // RFC 9000 §8.1: a server sends at most three times what it received until the address is validated.
    private long _amplificationReceived;
    private long _amplificationSent;
    private bool _addressValidated;

    public SenderActor(bool isServer, uint version, ConnectionClock clock, IDatagramTransport transport, IPEndPoint remote,
        ConnectionId localCid, ConnectionId firstPeerCid, int localMaxDatagramSize = DefaultLocalMaxDatagramSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(localMaxDatagramSize, SendBudget.MinMaxDatagramSize);
        _localMaxDatagramSize = localMaxDatagramSize;
        // Until the peer's transport parameters arrive, 1200 bytes (RFC 9000 §14.1).
        _maxDatagramSize = SendBudget.MinMaxDatagramSize;
        _pacer = new Pacer(_maxDatagramSize);
        _isServer = isServer;
        _version = version;
        _clock = clock;
        _transport = transport;
        _remote = remote;
        _addressValidated = !isServer;
        _frames = new OutgoingFrames();
        _assembler = new PacketAssembler(isServer, _frames, version)
        {
            SourceConnectionId = localCid,
            DestinationConnectionId = firstPeerCid,
        };
        Handlers();
    }

    public static Props Props(bool isServer, uint version, ConnectionClock clock, IDatagramTransport transport, IPEndPoint remote,
        ConnectionId localCid, ConnectionId firstPeerCid) =>
        FactoryProps.Of(() => new SenderActor(isServer, version, clock, transport, remote, localCid, firstPeerCid,
            LocalMaxDatagramSizeFor(remote)));

    protected override void PostStop()
    {
        _assembler.Dispose();
        _frames.Dispose();
    }

    private void Handlers()
    {
        Receive<ConnectionChildren>(c =>
        {
            _receiver = c.Receiver;
            _resender = c.Resender;
        });
        Receive<FlushSender>(_ => Flush());
        Receive<TimerExpired>(m => m.Kind == TimerKind.Pacing, _ => OnPacingTimer());
        EarlyDataHandlers();
        Receive<ConfigurePacing>(m => Work(() => _pacingEnabled = m.Enabled));
        Receive<InstallWriteKeys>(m => Work(() =>
        {
            _assembler.InstallKeys(m.Level, new PacketProtection(m.Suite, m.Secret, _version));
            if (m.Level == EncryptionLevel.OneRtt) OnOneRttWriteKeys(m.Suite);
            QlogWriteKeys(m.Level);
        }));
        Receive<WriteCrypto>(m => Work(() => _frames.WriteCrypto(m.Level, m.Data)));
        Receive<DiscardKeys>(m => Work(() => _assembler.DiscardKeys(m.Level)));
        Receive<PeerConnectionIdLearned>(m => _assembler.DestinationConnectionId = m.ConnectionId);
        Receive<AckReady>(m => Work(() => _frames.SetAck(m.Space, m.Ranges, m.EncodedDelay, m.SendNow)));
        Receive<PeerMaxData>(m => Work(() => _frames.OnPeerMaxData(m.Maximum)));
        Receive<PeerMaxStreamData>(m => Work(() => _frames.OnPeerMaxStreamData(m.StreamId, m.Maximum)));
        Receive<PeerMaxStreams>(m => Work(() => _frames.OnPeerMaxStreams(m.Bidirectional, m.Maximum)));
        Receive<QueueStreamControl>(m => Work(() => QueueControl(m.Frames)));
        Receive<OpenSendStream>(m => Work(() => OnOpenSendStream(m)));
        Receive<ResetSendStream>(m => Work(() => _frames.ResetStream(m.StreamId, m.ApplicationErrorCode)));
        Receive<ForgetStream>(m =>
        {
            _frames.StopMaxStreamData(m.StreamId);
            _frames.CancelStopSending(m.StreamId);
        });
        Receive<SendDatagram>(m => Work(() => OnSendDatagram(m)));
        Receive<DatagramBytesReceived>(m => Work(() => _amplificationReceived += m.Bytes));
        Receive<AddressValidated>(_ => Work(() => _addressValidated = true));
        Receive<PeerParametersApplied>(m => Work(() => OnPeerParameters(m.Parameters)));
        Receive<RememberedPeerParameters>(m => Work(() => ApplyPeerCredit(m.Parameters)));
        Receive<SendHandshakeDone>(_ => Work(() => _frames.QueueHandshakeDone()));
        Receive<SendPing>(m => Work(() => _frames.RequestPing(m.Space)));
        Receive<SendProbe>(m => Work(() => _frames.RequestProbe(m.Space, m.Count)));
        Receive<SendConnectionClose>(m =>
        {
            _frames.QueueConnectionClose(m.Frame);
            RequestFlush();
        });
        Receive<StopSending>(_ => _stopped = true);
        RetryHandlers();
        KeyUpdateHandlers();
        ConnectionIdHandlers();
        QlogHandlers();
        Receive<WriteStream>(m => Work(() =>
        {
            OnWriteStream(m);
            OnWriteWhileHeld(m);
        }));
        Receive<SendBudgetChanged>(OnSendBudgetChanged);
        Receive<PacketsAcked>(m => Work(() =>
        {
            foreach (var packet in m.Packets) _assembler.OnPacketAcked(packet);
        }));
        Receive<PacketsLost>(m => Work(() =>
        {
            foreach (var packet in m.Packets) _assembler.OnPacketLost(packet);
        }));
    }

    /// <summary>
    /// Flushes only when the report can let more out: a larger congestion budget than this actor
    /// already counted, or a new window or RTT (the pacing rate). The resender's report after each
    /// PacketsSent merely confirms the bytes this actor counted itself; flushing on it made every
    /// paced-out flush poll the pacer again through the resender (sender → resender → sender),
    /// about four flushes of one or two datagrams per ACK in a bulk transfer.
    /// </summary>
    private void OnSendBudgetChanged(SendBudgetChanged m)
    {
        long before = _congestionAvailable - (_inFlightBytesSent - _inFlightBytesAccounted);
        bool paceChanged = m.CongestionWindow != _congestionWindow || m.SmoothedRtt != _smoothedRtt;
        _congestionAvailable = m.CongestionAvailable;
        _inFlightBytesAccounted = m.AccountedBytes;
        _congestionWindow = m.CongestionWindow;
        _smoothedRtt = m.SmoothedRtt;
        long after = _congestionAvailable - (_inFlightBytesSent - _inFlightBytesAccounted);
        if (after > before || paceChanged) RequestFlush();
    }

    private void Work(Action action)
    {
        action();
        RequestFlush();
    }

    /// <summary>One flush per wake-up: everything queued before it goes out in one burst.</summary>
    private void RequestFlush()
    {
        if (_flushRequested) return;
        _flushRequested = true;
        Self.Tell(FlushSender.Instance);
    }
}
