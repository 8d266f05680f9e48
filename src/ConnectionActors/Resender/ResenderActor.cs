using ActorQuic.Dispatcher.Actors;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Sent-packet ledger, RTT, loss detection, PTO and congestion control (RFC 9002): a shell
/// around <see cref="LossDetector{TPayload}"/> with CUBIC. It owns the
/// <see cref="SentFrames"/> of packets in flight (from <see cref="PacketsSent"/>) and returns
/// them to the sender in <see cref="PacketsAcked"/> / <see cref="PacketsLost"/>; it asks for
/// probes (<see cref="SendProbe"/>), reports the congestion budget
/// (<see cref="SendBudgetChanged"/>) and its loss-detection deadline to the connection.
/// </summary>
/// <remarks>
/// Pacing (RFC 9002 §7.7) is the sender's: it decides when to send, so it owns the
/// <see cref="Pacer"/>; the resender feeds it the window and smoothed RTT with every
/// <see cref="SendBudgetChanged"/>. The sender reports whether it is application limited
/// (<see cref="AppLimitedChanged"/>, RFC 9002 §7.8) and the resender reports the PTO period to
/// the connection (<see cref="PtoPeriodChanged"/>) for its closing period and idle floor.
/// </remarks>
public sealed partial class ResenderActor : ReceiveActor
{
    private readonly bool _isServer;
    private LossDetector<SentFrames> _detector; // replaced once after a Retry (RFC 9002 §6.3)
    private readonly ConnectionClock _clock;
    private readonly List<SentPacket<SentFrames>> _acked = [];
    private readonly List<SentPacket<SentFrames>> _lost = [];
    private IActorRef _sender = ActorRefs.Nobody;
    private int _peerAckDelayExponent = TransportParameters.DefaultAckDelayExponent;
    private long _accountedBytes;
    private TimeSpan? _reportedDeadline;
    private long _reportedBudget = -1;
    private long _reportedAccounted = -1;
    private long _reportedWindow = -1;
    private TimeSpan _reportedRtt;
    private long _ackedBytes;
    private readonly CongestionControlAlgorithm _algorithm;

    public ResenderActor(bool isServer, ConnectionClock clock, CongestionControlAlgorithm algorithm = CongestionControlAlgorithm.Cubic)
    {
        _clock = clock;
        _isServer = isServer;
        _algorithm = algorithm;
        _detector = NewDetector();
        Receive<ConnectionChildren>(c =>
        {
            _sender = c.Sender;
            ReportBudget(force: true);
        });
        Receive<PacketsSent>(OnPacketsSent);
        Receive<AckReceived>(OnAck);
        Receive<TimerExpired>(m => m.Kind == TimerKind.LossDetection, _ => OnTimeout());
        Receive<DiscardKeys>(m =>
        {
            _detector.DiscardSpace(m.Level.ToPacketNumberSpace(), _clock.Now);
            Report();
        });
        Receive<HandshakeKeysAvailable>(_ =>
        {
            _detector.OnHandshakeKeysAvailable(_clock.Now);
            Report();
        });
        Receive<HandshakeConfirmed>(_ =>
        {
            _detector.OnHandshakeConfirmed(_clock.Now);
            Report();
        });
        Receive<PeerParametersApplied>(m =>
        {
            _detector.PeerMaxAckDelay = TimeSpan.FromMilliseconds(m.Parameters.MaxAckDelayMs);
            _peerAckDelayExponent = m.Parameters.AckDelayExponent;
            ReportPto();
        });
        Receive<AppLimitedChanged>(m => _detector.Congestion.SetAppLimited(m.AppLimited, _clock.Now));
        Receive<MaxDatagramSizeChanged>(m =>
        {
            _detector.Congestion.SetMaxDatagramSize(m.MaxDatagramSize);
            Report();
        });
        Receive<ZeroRttRejected>(_ =>
        {
            // RFC 9002 §6.4: recovery state of the 0-RTT packets is discarded (no congestion signal);
            // their frames go back to the sender as lost, to go out again with 1-RTT keys.
            _detector.DiscardSpace(PacketNumberSpace.ApplicationData, _clock.Now, _lost);
            HandBack();
            Report();
        });
        Receive<GetRecoverySnapshot>(_ => Sender.Tell(Snapshot()));
        RetryHandlers();
        QlogHandlers();
    }

    public static Props Props(bool isServer, ConnectionClock clock, CongestionControlAlgorithm algorithm = CongestionControlAlgorithm.Cubic) =>
        FactoryProps.Of(() => new ResenderActor(isServer, clock, algorithm));

    /// <summary>A fresh detector with the configured congestion controller (also after a Retry, RFC 9002 §6.3).</summary>
    private LossDetector<SentFrames> NewDetector() => new(_isServer, _algorithm switch
    {
        CongestionControlAlgorithm.NewReno => new NewRenoCongestionController(),
        _ => new CubicCongestionController(),
    });

    /// <summary>The detector's RTT estimate (for tests and the connection's PTO).</summary>
    internal RttEstimator Rtt => _detector.Rtt;

    private void OnPacketsSent(PacketsSent sent)
    {
        _accountedBytes += sent.InFlightBytes;
        foreach (var packet in sent.Packets)
        {
            var space = packet.Payload.Space;
            // Sent before the sender learned of the discard: its frames are simply collected.
            if (_detector.GetLedger(space).IsDiscarded) continue;
            _detector.OnPacketSent(space, packet);
        }
        Report();
    }

    private void OnAck(AckReceived ack)
    {
        TimeSpan delay = AckDelayEncoding.Decode(ack.AckDelay, _peerAckDelayExponent);
        _detector.OnAckReceived(ack.Space, ack.Ranges, delay, _clock.Now, _acked, _lost);
        foreach (var packet in _acked)
            if (packet.InFlight) _ackedBytes += packet.Size;
        HandBack();
        Report();
        ReportPto();
    }

    private void OnTimeout()
    {
        _reportedDeadline = null;
        var outcome = _detector.OnLossDetectionTimeout(_clock.Now, _lost);
        switch (outcome.Action)
        {
            case LossDetectionAction.SendProbes:
            case LossDetectionAction.SendAntiDeadlockProbe:
                _sender.Tell(new SendProbe(outcome.Space, Math.Max(1, outcome.ProbeCount)));
                break;
        }
        HandBack();
        Report();
    }

    /// <summary>Returns acknowledged and lost packets (and ownership of their frames) to the sender.</summary>
    private void HandBack()
    {
        QlogLost();
        if (_acked.Count > 0) _sender.Tell(new PacketsAcked(_acked.ToArray()));
        if (_lost.Count > 0) _sender.Tell(new PacketsLost(_lost.ToArray()));
        _acked.Clear();
        _lost.Clear();
    }

    private void Report()
    {
        QlogMetrics();
        ReportBudget(force: false);
        // Only an earlier deadline is reported: in a bulk transfer every ACK moves the PTO later,
        // and each report re-armed the connection's scheduler timer. An armed deadline that is
        // early or no longer needed fires once; the detector ignores a timeout before its timer
        // (LossDetector.OnLossDetectionTimeout) and OnTimeout re-reports what is then due.
        if (_detector.LossDetectionTimer is not { } deadline) return;
        if (_reportedDeadline is { } armed && armed <= deadline) return;
        _reportedDeadline = deadline;
        Context.Parent.Tell(new DeadlineChanged(TimerKind.LossDetection, deadline));
    }

    private void ReportBudget(bool force)
    {
        long available = _detector.Congestion.AvailableWindow;
        long window = _detector.Congestion.CongestionWindow;
        TimeSpan rtt = _detector.Rtt.SmoothedRtt;
        if (!force && available == _reportedBudget && _accountedBytes == _reportedAccounted
            && window == _reportedWindow && rtt == _reportedRtt) return;
        _reportedBudget = available;
        _reportedAccounted = _accountedBytes;
        _reportedWindow = window;
        _reportedRtt = rtt;
        _sender.Tell(new SendBudgetChanged(available, _accountedBytes, window, rtt));
    }
}
