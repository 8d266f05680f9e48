namespace ActorQuic.Protocol.Recovery;

/// <summary>The outcome of <see cref="LossDetector{TPayload}.OnAckReceived"/>.</summary>
/// <param name="NewlyAckedCount">Packets newly acknowledged, appended to the caller's list.</param>
/// <param name="LostCount">Packets declared lost, appended to the caller's list.</param>
/// <param name="RttSampled">The ACK produced an RTT sample (RFC 9002 §5.1).</param>
/// <param name="CongestionEvent">Losses or an ECN-CE increase started a new recovery period.</param>
/// <param name="PersistentCongestion">The losses established persistent congestion (RFC 9002 §7.6).</param>
public readonly record struct AckProcessingResult(
    int NewlyAckedCount,
    int LostCount,
    bool RttSampled,
    bool CongestionEvent,
    bool PersistentCongestion);
