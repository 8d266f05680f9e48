using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// STREAMS_BLOCKED (RFC 9000 §19.14): the sender wanted to open a stream but hit the limit.
/// Type 0x16 is bidirectional, 0x17 unidirectional.
/// </summary>
public readonly record struct StreamsBlockedFrame(bool Bidirectional, ulong MaximumStreams)
{
    public FrameType Type => Bidirectional ? FrameType.StreamsBlockedBidi : FrameType.StreamsBlockedUni;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(MaximumStreams);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)Type);
        w.WriteVarint(MaximumStreams);
    }

    /// <summary>Reads the field after the type byte (0x16 or 0x17, already read by the caller).</summary>
    public static StreamsBlockedFrame Decode(ref QuicReader r, FrameType type)
    {
        ulong max = FrameDecoding.ReadVarint(ref r, type);
        // RFC 9000 §19.14: above 2^60 is STREAM_LIMIT_ERROR or FRAME_ENCODING_ERROR; we pick the latter.
        if (max > MaxStreamsFrame.MaxStreamCount) FrameDecoding.ThrowEncodingError(type, "STREAMS_BLOCKED above 2^60");
        return new StreamsBlockedFrame(type == FrameType.StreamsBlockedBidi, max);
    }
}
