namespace ActorQuic.Protocol.Recovery;

/// <summary>Which congestion controller a connection runs (RFC 9002 §7 NewReno, RFC 9438 CUBIC).</summary>
public enum CongestionControlAlgorithm : byte
{
    /// <summary>CUBIC (RFC 9438), the default: it regains a large window faster on fast paths.</summary>
    Cubic,

    /// <summary>NewReno as specified in RFC 9002 §7.3.</summary>
    NewReno,
}
