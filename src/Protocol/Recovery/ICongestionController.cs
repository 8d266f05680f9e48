namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// A window-based congestion controller (RFC 9002 §7), fed by loss detection. Sizes are in
/// bytes of QUIC packets (header and AEAD overhead included, UDP/IP excluded); times are
/// <see cref="TimeSpan"/>s since connection start. Implementations: <see cref="CubicCongestionController"/>
/// (the default) and <see cref="NewRenoCongestionController"/>.
/// </summary>
public interface ICongestionController
{
    /// <summary>max_datagram_size: the sender's current maximum QUIC packet payload (RFC 9002 appendix B.2).</summary>
    int MaxDatagramSize { get; }

    /// <summary>congestion_window: the bytes allowed in flight.</summary>
    long CongestionWindow { get; }

    /// <summary>bytes_in_flight: sent in-flight packets not yet acknowledged, lost or discarded.</summary>
    long BytesInFlight { get; }

    /// <summary>ssthresh in bytes; <see cref="long.MaxValue"/> while infinite.</summary>
    long SlowStartThreshold { get; }

    /// <summary>congestion_recovery_start_time, or null when no recovery period is active or ever was.</summary>
    TimeSpan? RecoveryStartTime { get; }

    /// <summary>The window is not growing because the sender is application or flow-control limited (RFC 9002 §7.8).</summary>
    bool IsAppLimited { get; }

    /// <summary>Bytes that may still be sent now: max(0, congestion_window - bytes_in_flight).</summary>
    long AvailableWindow { get; }

    /// <summary>
    /// Whether a packet of <paramref name="bytes"/> fits in the window (RFC 9002 §7: a packet
    /// must not take bytes_in_flight above the window). PTO probes are exempt (RFC 9002 §7.5):
    /// the caller sends them regardless.
    /// </summary>
    bool CanSend(int bytes);

    /// <summary>An in-flight packet was sent (RFC 9002 appendix B.4).</summary>
    void OnPacketSent(int bytes, TimeSpan now);

    /// <summary>An in-flight packet was newly acknowledged (RFC 9002 appendix B.5).</summary>
    void OnPacketAcked(int bytes, TimeSpan timeSent, TimeSpan now, RttEstimator rtt);

    /// <summary>
    /// In-flight packets totalling <paramref name="bytes"/> were declared lost, the latest of them
    /// sent at <paramref name="largestLostSentTime"/> (RFC 9002 appendix B.8): a congestion event.
    /// </summary>
    void OnPacketsLost(long bytes, TimeSpan largestLostSentTime, TimeSpan now);

    /// <summary>A congestion signal such as an ECN-CE increase (RFC 9002 appendix B.6, B.7).</summary>
    void OnCongestionEvent(TimeSpan sentTime, TimeSpan now);

    /// <summary>Persistent congestion was established: collapse to the minimum window (RFC 9002 §7.6.2).</summary>
    void OnPersistentCongestion(TimeSpan now);

    /// <summary>Packets of a discarded space leave bytes in flight without any signal (RFC 9002 appendix B.9).</summary>
    void RemoveFromBytesInFlight(long bytes);

    /// <summary>
    /// The sender reports whether it is application limited: true when it stopped sending for
    /// lack of data or flow-control credit while the window still had room; false once it is
    /// again limited by the window (or by pacing, which does not count, RFC 9002 §7.8). While
    /// true the window does not grow.
    /// </summary>
    void SetAppLimited(bool appLimited, TimeSpan now);

    /// <summary>The path MTU changed (RFC 9002 §7.2): recompute the initial and minimum windows.</summary>
    void SetMaxDatagramSize(int maxDatagramSize);
}
