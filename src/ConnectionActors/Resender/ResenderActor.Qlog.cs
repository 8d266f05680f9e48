using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Recovery;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// qlog of recovery (RFC 9002): metrics_updated whenever RTT, window, bytes in flight, ssthresh or
/// PTO count changed since the last report, and packet_lost for each packet loss detection
/// declares lost. Off until <see cref="AttachQlog"/>.
/// </summary>
public sealed partial class ResenderActor
{
    private QlogWriter? _qlog;

    private void QlogHandlers() => Receive<AttachQlog>(m =>
    {
        _qlog = new QlogWriter(m.Trace);
        QlogMetrics();
    });

    /// <summary>From Report: after every input that can move a metric. The writer logs only what changed.</summary>
    private void QlogMetrics()
    {
        if (_qlog is null) return;
        var rtt = _detector.Rtt;
        var congestion = _detector.Congestion;
        long ssthresh = congestion.SlowStartThreshold;
        _qlog.MetricsUpdated(_clock.Now, new QlogRecoveryMetrics(rtt.HasSample, rtt.MinRtt, rtt.SmoothedRtt, rtt.LatestRtt, rtt.RttVar,
            _detector.PtoCount, congestion.CongestionWindow, congestion.BytesInFlight, ssthresh == long.MaxValue ? null : ssthresh));
    }

    /// <summary>
    /// From HandBack, before the lost packets go back to the sender. RFC 9002 §6.1: a packet
    /// kPacketThreshold below the largest acknowledged was lost by reordering, any other by time.
    /// </summary>
    private void QlogLost()
    {
        if (_qlog is null) return;
        TimeSpan now = _clock.Now;
        foreach (var packet in _lost)
        {
            ulong? largest = _detector.GetLedger(packet.Payload.Space).LargestAcked;
            var trigger = largest is { } l && l >= packet.PacketNumber + RecoveryConstants.PacketThreshold
                ? QlogLossTrigger.ReorderingThreshold
                : QlogLossTrigger.TimeThreshold;
            _qlog.PacketLost(now, packet.Payload.Level, packet.PacketNumber, trigger);
        }
    }
}
