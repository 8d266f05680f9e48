namespace ActorQuic.Protocol.Qlog;

/// <summary>
/// The recovery state recovery:metrics_updated reports (quic-events 0.3 §7.2; RFC 9002
/// appendices A.3 and B.2). Min and latest RTT only mean something once a sample exists.
/// </summary>
/// <param name="SlowStartThreshold">Null while infinite (slow start has not ended yet).</param>
public readonly record struct QlogRecoveryMetrics(
    bool HasRttSample,
    TimeSpan MinRtt,
    TimeSpan SmoothedRtt,
    TimeSpan LatestRtt,
    TimeSpan RttVariance,
    int PtoCount,
    long CongestionWindow,
    long BytesInFlight,
    long? SlowStartThreshold);
