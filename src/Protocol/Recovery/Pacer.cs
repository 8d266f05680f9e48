namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// A token bucket pacer (RFC 9002 §7.7): tokens (bytes) refill at
/// rate = N * congestion_window / smoothed_rtt with N = 1.25, up to a burst of
/// <see cref="BurstBytes"/> (ten datagrams by default, the initial window's size) or, at high
/// rates, of <see cref="DefaultMinimumDelay"/>'s worth of the rate. Pure: the
/// caller passes the current window, RTT and time, asks when the next packet may leave, and
/// reports what it sent. Packets carrying only ACK frames should not be paced (§7.7).
/// </summary>
public sealed class Pacer
{
    /// <summary>N (RFC 9002 §7.7): a little above 1 so RTT variation does not leave the window underused.</summary>
    public const double DefaultMultiplier = 1.25;

    /// <summary>Bursts are limited to the initial window, ten datagrams (RFC 9002 §7.7, §7.2).</summary>
    public const int DefaultBurstPackets = 10;

    /// <summary>
    /// The shortest wait the pacer asks for: 1 ms, the connection's timer granularity. At rates
    /// where a datagram is due every few microseconds no timer can space them singly; a caller
    /// woken for each one polls instead (one wake-up and flush per datagram or two). So the
    /// pacer waits at least this long and its bucket holds at least this long's worth of the
    /// rate, sending the datagrams due in the meantime as one burst (quic-go paces the same way).
    /// Below 10 datagrams per millisecond nothing changes.
    /// </summary>
    public static readonly TimeSpan DefaultMinimumDelay = TimeSpan.FromMilliseconds(1);

    private readonly int _burstPackets;
    private readonly long _minimumDelayTicks;
    private double _tokens;
    private TimeSpan _lastUpdate;

    public Pacer(
        int maxDatagramSize = RecoveryConstants.MinMaxDatagramSize,
        double multiplier = DefaultMultiplier,
        int burstPackets = DefaultBurstPackets,
        TimeSpan? minimumDelay = null)
    {
        if (multiplier < 1) throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "N is at least 1 (RFC 9002 §7.7)");
        if (burstPackets < 1) throw new ArgumentOutOfRangeException(nameof(burstPackets));
        TimeSpan delay = minimumDelay ?? DefaultMinimumDelay;
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(minimumDelay), delay, "must not be negative");
        Multiplier = multiplier;
        _burstPackets = burstPackets;
        _minimumDelayTicks = delay.Ticks;
        SetMaxDatagramSize(maxDatagramSize);
        _tokens = BurstBytes; // a fresh connection may send its initial burst at once
    }

    public double Multiplier { get; }

    public int MaxDatagramSize { get; private set; }

    /// <summary>The bucket's capacity in bytes at low rates (see <see cref="GetCapacity"/>).</summary>
    public long BurstBytes => (long)_burstPackets * MaxDatagramSize;

    /// <summary>
    /// The bucket's capacity for a window and RTT: <see cref="BurstBytes"/>, or what the rate
    /// sends in <see cref="DefaultMinimumDelay"/> if that is more.
    /// </summary>
    public double GetCapacity(long congestionWindow, TimeSpan smoothedRtt) =>
        Capacity(TokensPerTick(congestionWindow, smoothedRtt));

    /// <summary>
    /// The pacing rate in bytes per second for a window and RTT: N * cwnd / smoothed_rtt
    /// (RFC 9002 §7.7).
    /// </summary>
    public double GetRate(long congestionWindow, TimeSpan smoothedRtt) =>
        Multiplier * congestionWindow / Math.Max(smoothedRtt.Ticks, RttEstimator.Granularity.Ticks) * TimeSpan.TicksPerSecond;

    /// <summary>
    /// When a packet of <paramref name="packetSize"/> bytes may be sent: <paramref name="now"/>
    /// if the bucket holds enough tokens, else when it will have refilled enough. Does not
    /// change state.
    /// </summary>
    public TimeSpan GetNextSendTime(int packetSize, TimeSpan now, long congestionWindow, TimeSpan smoothedRtt)
    {
        double perTick = TokensPerTick(congestionWindow, smoothedRtt);
        double tokens = Refilled(now, perTick);
        // A packet larger than the bucket could never go; wait only for a full bucket then.
        double needed = Math.Min(packetSize, Capacity(perTick));
        if (tokens >= needed) return now;
        long wait = (long)Math.Ceiling((needed - tokens) / perTick);
        return now + TimeSpan.FromTicks(Math.Max(wait, _minimumDelayTicks));
    }

    /// <summary>
    /// Takes the tokens for a packet just sent. Probes and other packets sent ahead of the pace
    /// may drive the bucket negative, which delays what follows accordingly.
    /// </summary>
    public void OnPacketSent(int packetSize, TimeSpan now, long congestionWindow, TimeSpan smoothedRtt)
    {
        _tokens = Refilled(now, TokensPerTick(congestionWindow, smoothedRtt)) - packetSize;
        if (now > _lastUpdate) _lastUpdate = now;
    }

    public void SetMaxDatagramSize(int maxDatagramSize)
    {
        if (maxDatagramSize < RecoveryConstants.MinMaxDatagramSize)
            throw new ArgumentOutOfRangeException(nameof(maxDatagramSize), maxDatagramSize, "QUIC needs at least 1200 bytes (RFC 9000 §14.1)");
        MaxDatagramSize = maxDatagramSize;
        _tokens = Math.Min(_tokens, BurstBytes);
    }

    private double Capacity(double perTick) => Math.Max(BurstBytes, perTick * _minimumDelayTicks);

    private double TokensPerTick(long congestionWindow, TimeSpan smoothedRtt) =>
        Multiplier * Math.Max(congestionWindow, MaxDatagramSize) / Math.Max(smoothedRtt.Ticks, RttEstimator.Granularity.Ticks);

    private double Refilled(TimeSpan now, double perTick)
    {
        if (now <= _lastUpdate) return _tokens;
        return Math.Min(Capacity(perTick), _tokens + (now - _lastUpdate).Ticks * perTick);
    }
}
