using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>MAX_STREAM_DATA (RFC 9000 §19.10): a stream-level flow control limit.</summary>
public readonly record struct MaxStreamDataFrame(ulong StreamId, ulong MaximumStreamData)
{
    public FrameType Type => FrameType.MaxStreamData;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(StreamId) + QuicVarint.GetLength(MaximumStreamData);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.MaxStreamData);
        w.WriteVarint(StreamId);
        w.WriteVarint(MaximumStreamData);
    }

    /// <summary>Reads the fields after the type byte (already read by the caller).</summary>
    public static MaxStreamDataFrame Decode(ref QuicReader r)
    {
        const FrameType type = FrameType.MaxStreamData;
        ulong streamId = FrameDecoding.ReadVarint(ref r, type);
        ulong max = FrameDecoding.ReadVarint(ref r, type);
        return new MaxStreamDataFrame(streamId, max);
    }
}
