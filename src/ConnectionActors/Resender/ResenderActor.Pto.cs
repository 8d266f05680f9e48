using ActorQuic.Protocol.Recovery;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

public sealed partial class ResenderActor
{
    private TimeSpan? _reportedPto;

    /// <summary>
    /// The connection-level PTO period (RFC 9002 §6.2.1): smoothed_rtt + max(4 × rttvar,
    /// kGranularity) + the peer's max_ack_delay, without the exponential backoff — the "current
    /// PTO" that RFC 9000 §10.1 (idle floor) and §10.2 (closing period) multiply by three.
    /// </summary>
    internal TimeSpan PtoPeriod => _detector.Rtt.GetPtoPeriod(_detector.PeerMaxAckDelay);

    /// <summary>
    /// Tells the connection the PTO period once the first RTT sample exists and then whenever it
    /// moved by at least 1/16 (or 1 ms): smoothed RTT shifts a little with every ACK, and the
    /// connection's timers need the current value, not every wobble of it.
    /// </summary>
    private void ReportPto()
    {
        if (!_detector.Rtt.HasSample) return;
        TimeSpan pto = PtoPeriod;
        if (_reportedPto is { } last)
        {
            long threshold = Math.Max(last.Ticks / 16, TimeSpan.TicksPerMillisecond);
            if (Math.Abs(pto.Ticks - last.Ticks) < threshold) return;
        }
        _reportedPto = pto;
        Context.Parent.Tell(new PtoPeriodChanged(pto, _detector.Rtt.SmoothedRtt));
    }

    private RecoverySnapshot Snapshot()
    {
        var congestion = _detector.Congestion;
        return new RecoverySnapshot(congestion.CongestionWindow, congestion.BytesInFlight, congestion.IsAppLimited,
            congestion.MaxDatagramSize, _detector.Rtt.SmoothedRtt, PtoPeriod, _ackedBytes, congestion.GetType().Name);
    }
}
