namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// What NewReno (RFC 9002 §7, appendix B) and CUBIC (RFC 9438) share: bytes in flight, slow
/// start, the recovery period, application-limited handling and the window floor. Subclasses
/// decide the reduction on a congestion event and the growth in congestion avoidance.
/// </summary>
public abstract class CongestionControllerBase : ICongestionController
{
    private bool _appLimited;

    protected CongestionControllerBase(int maxDatagramSize)
    {
        ValidateDatagramSize(maxDatagramSize);
        MaxDatagramSize = maxDatagramSize;
        Window = RecoveryConstants.InitialWindow(maxDatagramSize);
        Threshold = double.PositiveInfinity;
    }

    public int MaxDatagramSize { get; private set; }

    public long CongestionWindow => (long)Window;

    public long BytesInFlight { get; private set; }

    public long SlowStartThreshold => double.IsPositiveInfinity(Threshold) ? long.MaxValue : (long)Threshold;

    public TimeSpan? RecoveryStartTime { get; private set; }

    public bool IsAppLimited => _appLimited;

    public long AvailableWindow => Math.Max(0, CongestionWindow - BytesInFlight);

    /// <summary>kMinimumWindow for the current datagram size (RFC 9002 §7.2).</summary>
    public long MinimumWindow => RecoveryConstants.MinimumWindow(MaxDatagramSize);

    /// <summary>cwnd below ssthresh (RFC 9002 §7.3.1).</summary>
    public bool InSlowStart => Window < Threshold;

    /// <summary>congestion_window, kept fractional so sub-byte growth is not lost.</summary>
    protected double Window { get; set; }

    /// <summary>ssthresh in bytes; +infinity initially (RFC 9002 appendix B.3).</summary>
    protected double Threshold { get; set; }

    public bool CanSend(int bytes) => BytesInFlight + bytes <= CongestionWindow;

    public void OnPacketSent(int bytes, TimeSpan now)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes));
        BytesInFlight += bytes;
    }

    public void OnPacketAcked(int bytes, TimeSpan timeSent, TimeSpan now, RttEstimator rtt)
    {
        SubtractInFlight(bytes);
        // RFC 9002 §7.8: no growth while the window is not the limit.
        if (_appLimited) return;
        // RFC 9002 §7.3.2: no growth for packets sent before the recovery period began.
        if (InRecovery(timeSent)) return;
        if (Window < Threshold)
        {
            // RFC 9002 §7.3.1: slow start grows by the bytes acknowledged (appendix B.5).
            Window += bytes;
            OnSlowStartAck(bytes, now);
        }
        else
        {
            OnCongestionAvoidanceAck(bytes, timeSent, now, rtt);
        }
    }

    public void OnPacketsLost(long bytes, TimeSpan largestLostSentTime, TimeSpan now)
    {
        SubtractInFlight(bytes);
        OnCongestionEvent(largestLostSentTime, now);
    }

    public void OnCongestionEvent(TimeSpan sentTime, TimeSpan now)
    {
        // RFC 9002 §7.3.2: at most one reduction per round trip.
        if (InRecovery(sentTime)) return;
        RecoveryStartTime = now;
        ReduceWindow(now);
        if (Window < MinimumWindow) Window = MinimumWindow;
    }

    public void OnPersistentCongestion(TimeSpan now)
    {
        // RFC 9002 §7.6.2 and appendix B.8: collapse to kMinimumWindow and leave recovery, so
        // that slow start resumes from the minimum up to the ssthresh set by the loss.
        Window = MinimumWindow;
        RecoveryStartTime = null;
        OnWindowCollapsed(now);
    }

    public void RemoveFromBytesInFlight(long bytes) => SubtractInFlight(bytes);

    public void SetAppLimited(bool appLimited, TimeSpan now)
    {
        if (appLimited == _appLimited) return;
        _appLimited = appLimited;
        OnAppLimitedChanged(appLimited, now);
    }

    public void SetMaxDatagramSize(int maxDatagramSize)
    {
        ValidateDatagramSize(maxDatagramSize);
        long oldInitial = RecoveryConstants.InitialWindow(MaxDatagramSize);
        MaxDatagramSize = maxDatagramSize;
        // RFC 9002 §7.2: recompute the initial window if it is still in use.
        if (double.IsPositiveInfinity(Threshold) && (long)Window == oldInitial)
            Window = RecoveryConstants.InitialWindow(maxDatagramSize);
        if (Window < MinimumWindow) Window = MinimumWindow;
    }

    /// <summary>InCongestionRecovery (RFC 9002 appendix B.5).</summary>
    public bool InRecovery(TimeSpan sentTime) => RecoveryStartTime is { } start && sentTime <= start;

    /// <summary>Sets ssthresh and the reduced window on entering recovery. The base applies the kMinimumWindow floor afterwards.</summary>
    protected abstract void ReduceWindow(TimeSpan now);

    /// <summary>Grows the window for an acknowledgment in congestion avoidance.</summary>
    protected abstract void OnCongestionAvoidanceAck(int bytes, TimeSpan timeSent, TimeSpan now, RttEstimator rtt);

    /// <summary>Called after slow start grew the window.</summary>
    protected virtual void OnSlowStartAck(int bytes, TimeSpan now)
    {
    }

    /// <summary>Called after persistent congestion collapsed the window.</summary>
    protected virtual void OnWindowCollapsed(TimeSpan now)
    {
    }

    /// <summary>Called when the application-limited state flips.</summary>
    protected virtual void OnAppLimitedChanged(bool appLimited, TimeSpan now)
    {
    }

    private void SubtractInFlight(long bytes)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes));
        // Cannot go negative with consistent bookkeeping; clamp rather than let a caller
        // bug leave the window permanently open.
        BytesInFlight = Math.Max(0, BytesInFlight - bytes);
    }

    private static void ValidateDatagramSize(int maxDatagramSize)
    {
        if (maxDatagramSize < RecoveryConstants.MinMaxDatagramSize)
            throw new ArgumentOutOfRangeException(nameof(maxDatagramSize), maxDatagramSize, "QUIC needs at least 1200 bytes (RFC 9000 §14.1)");
    }
}
