namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// NewReno as specified by RFC 9002 §7 and appendix B: slow start, a recovery period that
/// halves the window once per round trip, and additive increase of one maximum datagram per
/// window acknowledged in congestion avoidance.
/// </summary>
public sealed class NewRenoCongestionController : CongestionControllerBase
{
    /// <summary>kLossReductionFactor (RFC 9002 §7.3.2).</summary>
    public const double LossReductionFactor = 0.5;

    // RFC 9002 appendix B.5 suggests RFC 3465 §2.1 byte counting for integer windows: grow by
    // one datagram each time a full window's worth of bytes has been acknowledged.
    private double _bytesAckedInAvoidance;

    public NewRenoCongestionController(int maxDatagramSize = RecoveryConstants.MinMaxDatagramSize)
        : base(maxDatagramSize)
    {
    }

    protected override void ReduceWindow(TimeSpan now)
    {
        // RFC 9002 appendix B.6: ssthresh = cwnd * kLossReductionFactor, cwnd = max(ssthresh, kMinimumWindow).
        Threshold = Math.Floor(Window * LossReductionFactor);
        Window = Math.Max(Threshold, MinimumWindow);
        _bytesAckedInAvoidance = 0;
    }

    protected override void OnCongestionAvoidanceAck(int bytes, TimeSpan timeSent, TimeSpan now, RttEstimator rtt)
    {
        // RFC 9002 §7.3.3: at most one maximum datagram size per congestion window acknowledged.
        _bytesAckedInAvoidance += bytes;
        if (_bytesAckedInAvoidance >= Window)
        {
            _bytesAckedInAvoidance -= Window;
            Window += MaxDatagramSize;
        }
    }

    protected override void OnWindowCollapsed(TimeSpan now) => _bytesAckedInAvoidance = 0;
}
