namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// CUBIC (RFC 9438), the default controller. Slow start and the recovery period are shared
/// with NewReno (RFC 9002 §7); in congestion avoidance the window follows
/// W_cubic(t) = C*(t-K)^3 + W_max — concave up to the window at the last loss, W_max, then
/// convex beyond it — but never below the Reno-friendly estimate W_est (RFC 9438 §4.3).
/// Windows are kept in bytes; the cubic itself is evaluated in segments of
/// max_datagram_size, with t in seconds, as RFC 9438 defines C.
/// </summary>
public sealed class CubicCongestionController : CongestionControllerBase
{
    /// <summary>C (RFC 9438 §5.1), in segments per second cubed.</summary>
    public const double C = 0.4;

    /// <summary>β_cubic (RFC 9438 §4.6): the multiplicative decrease factor.</summary>
    public const double Beta = 0.7;

    /// <summary>α_cubic = 3(1-β)/(1+β) (RFC 9438 §4.3): makes W_est grow like Reno with the same average window.</summary>
    public const double AlphaReno = 3 * (1 - Beta) / (1 + Beta);

    private double _wMax;       // bytes; 0 = unknown (start, or after persistent congestion)
    private double _cwndPrior;  // bytes: window just before the last reduction
    private double _cwndEpoch;  // bytes: window at the start of the current avoidance stage
    private double _wEst;       // bytes
    private double _k;          // seconds
    private TimeSpan? _epochStart;
    private TimeSpan _appLimitedSince;

    public CubicCongestionController(int maxDatagramSize = RecoveryConstants.MinMaxDatagramSize)
        : base(maxDatagramSize)
    {
    }

    /// <summary>W_max in bytes: the window before the last reduction, lowered by fast convergence (RFC 9438 §4.7).</summary>
    public double WMax => _wMax;

    /// <summary>K in seconds: when W_cubic returns to W_max (RFC 9438 §4.2).</summary>
    public double K => _k;

    /// <summary>The start of the current congestion avoidance stage, or null when none is running.</summary>
    public TimeSpan? EpochStart => _epochStart;

    /// <summary>W_est in bytes (RFC 9438 §4.3).</summary>
    public double RenoFriendlyWindow => _wEst;

    protected override void ReduceWindow(TimeSpan now)
    {
        double cwnd = Window;
        // RFC 9438 §4.7 fast convergence: a loss below the previous W_max means a new flow is
        // taking bandwidth, so release some by remembering a lower plateau.
        _wMax = cwnd < _wMax ? cwnd * (1 + Beta) / 2 : cwnd;
        _cwndPrior = cwnd;
        // RFC 9438 §4.6: ssthresh = cwnd * β_cubic, cwnd = max(ssthresh, minimum window).
        Threshold = Math.Max(cwnd * Beta, MinimumWindow);
        Window = Threshold;
        _epochStart = null;
    }

    protected override void OnCongestionAvoidanceAck(int bytes, TimeSpan timeSent, TimeSpan now, RttEstimator rtt)
    {
        double mss = MaxDatagramSize;
        if (_epochStart is not { } epochStart)
        {
            // RFC 9438 §4.2: t counts from the start of the avoidance stage.
            epochStart = now;
            _epochStart = now;
            _cwndEpoch = Window;
            _wEst = Window; // §4.3: W_est starts at cwnd_epoch
            // §4.8: after persistent congestion (or if the window already passed W_max),
            // W_max is the window at the start of the stage and K is 0: a purely convex probe.
            if (_wMax < Window) _wMax = Window;
            _k = Math.Cbrt((_wMax - _cwndEpoch) / mss / C);
        }

        double t = (now - epochStart).TotalSeconds;

        // RFC 9438 §4.3: W_est grows by α per window acknowledged; α becomes 1 once W_est
        // reaches the window before the reduction, as Reno would then be in pure avoidance.
        double alpha = _wEst >= _cwndPrior ? 1.0 : AlphaReno;
        _wEst += alpha * mss * bytes / Window;

        if (WCubic(t) < _wEst)
        {
            // Reno-friendly region: be at least as aggressive as Reno.
            Window = Math.Max(Window, _wEst);
            return;
        }

        // RFC 9438 §4.4, §4.5: concave or convex region. Aim for W_cubic one RTT ahead, limited
        // to [cwnd, 1.5 cwnd], and close the gap by (target - cwnd)/cwnd per datagram acked.
        double target = WCubic(t + rtt.SmoothedRtt.TotalSeconds);
        target = Math.Clamp(target, Window, 1.5 * Window);
        Window += (target - Window) / Window * bytes;
    }

    protected override void OnWindowCollapsed(TimeSpan now)
    {
        // RFC 9438 §4.8: forget W_max; the next stage starts with K = 0 at its own window.
        _wMax = 0;
        _epochStart = null;
    }

    protected override void OnAppLimitedChanged(bool appLimited, TimeSpan now)
    {
        if (appLimited)
        {
            _appLimitedSince = now;
        }
        else if (_epochStart is { } start && now > _appLimitedSince)
        {
            // RFC 9438 §5.8: the time spent application limited does not count toward t, or the
            // window would jump when the sender becomes busy again.
            _epochStart = start + (now - _appLimitedSince);
        }
    }

    /// <summary>W_cubic(t) = C*(t-K)^3 + W_max (RFC 9438 §4.2), in bytes.</summary>
    private double WCubic(double t)
    {
        double d = t - _k;
        return (C * d * d * d) * MaxDatagramSize + _wMax;
    }
}
