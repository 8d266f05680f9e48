using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>DATA_BLOCKED (RFC 9000 §19.12): the sender is blocked by connection-level flow control.</summary>
public readonly record struct DataBlockedFrame(ulong MaximumData)
{
    public FrameType Type => FrameType.DataBlocked;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(MaximumData);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.DataBlocked);
        w.WriteVarint(MaximumData);
    }

    /// <summary>Reads the field after the type byte (already read by the caller).</summary>
    public static DataBlockedFrame Decode(ref QuicReader r) =>
        new(FrameDecoding.ReadVarint(ref r, FrameType.DataBlocked));
}
