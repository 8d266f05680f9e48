namespace ActorQuic.Protocol.Recovery;

/// <summary>What one pass of loss detection over a space found (RFC 9002 appendix A.10, B.8).</summary>
internal struct LossScan
{
    /// <summary>Packets declared lost.</summary>
    public int Count;

    /// <summary>At least one lost packet counted toward bytes in flight: a congestion event.</summary>
    public bool AnyInFlight;

    /// <summary>Bytes of the lost in-flight packets, to remove from bytes in flight.</summary>
    public long InFlightBytes;

    /// <summary>sent_time_of_last_loss (RFC 9002 appendix B.8), for the recovery period test.</summary>
    public TimeSpan LargestLostSentTime;

    /// <summary>The lost packets establish persistent congestion (RFC 9002 §7.6.2).</summary>
    public bool PersistentCongestion;
}
