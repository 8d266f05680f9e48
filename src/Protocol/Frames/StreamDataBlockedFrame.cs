using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>STREAM_DATA_BLOCKED (RFC 9000 §19.13): the sender is blocked by stream-level flow control.</summary>
public readonly record struct StreamDataBlockedFrame(ulong StreamId, ulong MaximumStreamData)
{
    public FrameType Type => FrameType.StreamDataBlocked;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(StreamId) + QuicVarint.GetLength(MaximumStreamData);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.StreamDataBlocked);
        w.WriteVarint(StreamId);
        w.WriteVarint(MaximumStreamData);
    }

    /// <summary>Reads the fields after the type byte (already read by the caller).</summary>
    public static StreamDataBlockedFrame Decode(ref QuicReader r)
    {
        const FrameType type = FrameType.StreamDataBlocked;
        ulong streamId = FrameDecoding.ReadVarint(ref r, type);
        ulong max = FrameDecoding.ReadVarint(ref r, type);
        return new StreamDataBlockedFrame(streamId, max);
    }
}
