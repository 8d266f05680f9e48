namespace ActorQuic.Protocol.Recovery;

/// <summary>The outcome of <see cref="LossDetector{TPayload}.OnLossDetectionTimeout"/>.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Space">The packet number space the action applies to.</param>
/// <param name="ProbeCount">Probe packets to send (0 unless the action sends probes).</param>
/// <param name="LostCount">Packets declared lost and appended to the caller's list.</param>
public readonly record struct LossDetectionTimeout(
    LossDetectionAction Action,
    PacketNumberSpace Space,
    int ProbeCount,
    int LostCount);
