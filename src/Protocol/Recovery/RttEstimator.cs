namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// Round-trip time estimation for one path (RFC 9002 §5, appendix A.7 UpdateRtt).
/// Times are <see cref="TimeSpan"/>s; "now" is a time since connection start.
/// </summary>
public sealed class RttEstimator
{
    /// <summary>kInitialRtt (RFC 9002 §6.2.2): 333 ms, giving a first PTO of about one second.</summary>
    public static readonly TimeSpan DefaultInitialRtt = TimeSpan.FromMilliseconds(333);

    /// <summary>kGranularity (RFC 9002 §6.1.2): the timer granularity, 1 ms.</summary>
    public static readonly TimeSpan Granularity = TimeSpan.FromMilliseconds(1);

    public RttEstimator() : this(DefaultInitialRtt)
    {
    }

    /// <param name="initialRtt">
    /// kInitialRtt; a resumed connection MAY use the previous connection's smoothed RTT
    /// (RFC 9002 §6.2.2).
    /// </param>
    public RttEstimator(TimeSpan initialRtt)
    {
        if (initialRtt <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(initialRtt), initialRtt, "must be positive");
        InitialRtt = initialRtt;
        Reset();
    }

    public TimeSpan InitialRtt { get; }

    /// <summary>latest_rtt: the most recent sample, unadjusted (RFC 9002 §5.1).</summary>
    public TimeSpan LatestRtt { get; private set; }

    /// <summary>min_rtt: minimum of the samples, ignoring ack delay (RFC 9002 §5.2). Zero before the first sample.</summary>
    public TimeSpan MinRtt { get; private set; }

    /// <summary>smoothed_rtt (RFC 9002 §5.3).</summary>
    public TimeSpan SmoothedRtt { get; private set; }

    /// <summary>rttvar (RFC 9002 §5.3).</summary>
    public TimeSpan RttVar { get; private set; }

    /// <summary>first_rtt_sample: when the first sample was taken, or null before it (RFC 9002 appendix A.3).</summary>
    public TimeSpan? FirstSampleTime { get; private set; }

    public bool HasSample => FirstSampleTime.HasValue;

    /// <summary>
    /// smoothed_rtt + max(4*rttvar, kGranularity): the PTO period without max_ack_delay or
    /// backoff (RFC 9002 §6.2.1).
    /// </summary>
    public TimeSpan PtoBase
    {
        get
        {
            long var4 = RttVar.Ticks * 4;
            return SmoothedRtt + TimeSpan.FromTicks(Math.Max(var4, Granularity.Ticks));
        }
    }

    /// <summary>
    /// The time threshold for loss: max(kTimeThreshold * max(smoothed_rtt, latest_rtt),
    /// kGranularity) with kTimeThreshold = 9/8 (RFC 9002 §6.1.2).
    /// </summary>
    public TimeSpan LossDelay
    {
        get
        {
            long rtt = Math.Max(SmoothedRtt.Ticks, LatestRtt.Ticks);
            return TimeSpan.FromTicks(Math.Max(rtt + rtt / 8, Granularity.Ticks));
        }
    }

    /// <summary>The PTO period including the peer's max_ack_delay (RFC 9002 §6.2.1), without backoff.</summary>
    public TimeSpan GetPtoPeriod(TimeSpan maxAckDelay) => PtoBase + maxAckDelay;

    /// <summary>
    /// Adds a sample (RFC 9002 §5.3 and appendix A.7).
    /// </summary>
    /// <param name="latestRtt">ack time minus send time of the newly acknowledged largest packet (§5.1).</param>
    /// <param name="ackDelay">The peer-reported ACK Delay, decoded. Pass zero for Initial packets (§5.3: MAY ignore).</param>
    /// <param name="maxAckDelay">The peer's max_ack_delay transport parameter.</param>
    /// <param name="handshakeConfirmed">Before confirmation the ack delay is not capped by max_ack_delay (§5.3).</param>
    public void AddSample(TimeSpan latestRtt, TimeSpan ackDelay, TimeSpan maxAckDelay, bool handshakeConfirmed, TimeSpan now)
    {
        // A clock that never runs backwards cannot give a negative sample; guard anyway so a
        // caller bug cannot poison the estimator with negative values.
        if (latestRtt < TimeSpan.Zero) latestRtt = TimeSpan.Zero;
        if (ackDelay < TimeSpan.Zero) ackDelay = TimeSpan.Zero;
        LatestRtt = latestRtt;

        if (FirstSampleTime is null)
        {
            // §5.3: the first sample resets the estimator, keeping no history.
            MinRtt = latestRtt;
            SmoothedRtt = latestRtt;
            RttVar = latestRtt / 2;
            FirstSampleTime = now;
            return;
        }

        // §5.2: min_rtt ignores acknowledgment delay.
        if (latestRtt < MinRtt) MinRtt = latestRtt;

        // §5.3: cap by max_ack_delay only once the handshake is confirmed.
        if (handshakeConfirmed && ackDelay > maxAckDelay) ackDelay = maxAckDelay;

        // §5.3: subtract the ack delay only if the result does not fall below min_rtt.
        TimeSpan adjusted = latestRtt >= MinRtt + ackDelay ? latestRtt - ackDelay : latestRtt;

        // Appendix A.7 order: rttvar uses the previous smoothed_rtt (as RFC 6298 does).
        long diff = Math.Abs(SmoothedRtt.Ticks - adjusted.Ticks);
        RttVar = TimeSpan.FromTicks((3 * RttVar.Ticks + diff) / 4);
        SmoothedRtt = TimeSpan.FromTicks((7 * SmoothedRtt.Ticks + adjusted.Ticks) / 8);
    }

    /// <summary>
    /// RFC 9002 §5.2: after persistent congestion, min_rtt SHOULD be set to the newest sample so
    /// that a lasting RTT increase does not trigger persistent congestion again and again.
    /// </summary>
    public void OnPersistentCongestion()
    {
        if (HasSample) MinRtt = LatestRtt;
    }

    /// <summary>Back to the initial state, e.g. for a new path (RFC 9002 §5.3, RFC 9000 §9.4).</summary>
    public void Reset()
    {
        LatestRtt = TimeSpan.Zero;
        MinRtt = TimeSpan.Zero;
        SmoothedRtt = InitialRtt;
        RttVar = InitialRtt / 2;
        FirstSampleTime = null;
    }
}
