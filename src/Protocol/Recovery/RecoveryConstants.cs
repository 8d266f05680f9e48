namespace ActorQuic.Protocol.Recovery;

/// <summary>The constants of RFC 9002 appendix A.2 and B.1 (kInitialRtt and kGranularity are on <see cref="RttEstimator"/>).</summary>
public static class RecoveryConstants
{
    /// <summary>kPacketThreshold (RFC 9002 §6.1.1): reordering tolerated, in packets.</summary>
    public const int PacketThreshold = 3;

    /// <summary>kTimeThreshold = 9/8 (RFC 9002 §6.1.2): reordering tolerated, as an RTT multiplier.</summary>
    public const double TimeThreshold = 9.0 / 8.0;

    /// <summary>kPersistentCongestionThreshold (RFC 9002 §7.6.1): PTO periods of total loss that mean persistent congestion.</summary>
    public const int PersistentCongestionThreshold = 3;

    /// <summary>Probe datagrams sent on a PTO (RFC 9002 §6.2.4: one or two; two guards against a single loss).</summary>
    public const int MaxProbePackets = 2;

    /// <summary>The smallest maximum datagram size QUIC allows (RFC 9000 §14.1).</summary>
    public const int MinMaxDatagramSize = 1200;

    /// <summary>
    /// kInitialWindow (RFC 9002 §7.2): min(10 * max_datagram_size, max(14720, 2 * max_datagram_size)).
    /// </summary>
    public static long InitialWindow(int maxDatagramSize) =>
        Math.Min(10L * maxDatagramSize, Math.Max(14720L, 2L * maxDatagramSize));

    /// <summary>kMinimumWindow (RFC 9002 §7.2): 2 * max_datagram_size.</summary>
    public static long MinimumWindow(int maxDatagramSize) => 2L * maxDatagramSize;
}
