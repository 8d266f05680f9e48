using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// MAX_STREAMS (RFC 9000 §19.11): the cumulative number of streams of one direction type the
/// peer may open. Type 0x12 is bidirectional, 0x13 unidirectional.
/// </summary>
public readonly record struct MaxStreamsFrame(bool Bidirectional, ulong MaximumStreams)
{
    /// <summary>
    /// The largest stream count: stream IDs stop at 2^62-1 and the low two bits give the
    /// stream type, so no more than 2^60 streams of a type can exist (RFC 9000 §19.11).
    /// </summary>
    public const ulong MaxStreamCount = 1UL << 60;

    public FrameType Type => Bidirectional ? FrameType.MaxStreamsBidi : FrameType.MaxStreamsUni;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(MaximumStreams);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)Type);
        w.WriteVarint(MaximumStreams);
    }

    /// <summary>Reads the field after the type byte (0x12 or 0x13, already read by the caller).</summary>
    public static MaxStreamsFrame Decode(ref QuicReader r, FrameType type)
    {
        ulong max = FrameDecoding.ReadVarint(ref r, type);
        // RFC 9000 §19.11: a limit above 2^60 MUST be a FRAME_ENCODING_ERROR.
        if (max > MaxStreamCount) FrameDecoding.ThrowEncodingError(type, "MAX_STREAMS above 2^60");
        return new MaxStreamsFrame(type == FrameType.MaxStreamsBidi, max);
    }
}
