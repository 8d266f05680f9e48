namespace ActorQuic.Protocol.Frames;

/// <summary>
/// Per-frame-type properties that decide how a packet is treated as a whole: whether it
/// elicits an acknowledgement (RFC 9002 §2) and whether it is a probing packet for
/// connection migration (RFC 9000 §9.1).
/// </summary>
public static class FrameClassification
{
    // RFC 9000 §12.4 Table 3 "N" marking and RFC 9002 §2: ACK, PADDING and CONNECTION_CLOSE are
    // the only frames that do not elicit an acknowledgement. DATAGRAM does (RFC 9221 §5.2).
    internal const ulong NonAckElicitingMask = 1UL << 0x00 | 1UL << 0x02 | 1UL << 0x03 | 1UL << 0x1c | 1UL << 0x1d;

    // RFC 9000 §9.1 and Table 3 "P" marking: PADDING, PATH_CHALLENGE, PATH_RESPONSE and
    // NEW_CONNECTION_ID are probing frames.
    internal const ulong ProbingMask = 1UL << 0x00 | 1UL << 0x18 | 1UL << 0x1a | 1UL << 0x1b;

    /// <summary>
    /// Whether a frame of this type makes its packet ack-eliciting. Unknown types count as
    /// ack-eliciting: extension frames must cause an ACK unless they replace it (RFC 9000 §19.21).
    /// </summary>
    public static bool IsAckEliciting(FrameType frameType) =>
        (ulong)frameType >= 64 || (NonAckElicitingMask >> (int)frameType & 1) == 0;

    /// <summary>Whether this is a probing frame (RFC 9000 §9.1).</summary>
    public static bool IsProbing(FrameType frameType) =>
        (ulong)frameType < 64 && (ProbingMask >> (int)frameType & 1) != 0;
}
