using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>MAX_DATA (RFC 9000 §19.9): the connection-level flow control limit.</summary>
public readonly record struct MaxDataFrame(ulong MaximumData)
{
    public FrameType Type => FrameType.MaxData;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(MaximumData);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.MaxData);
        w.WriteVarint(MaximumData);
    }

    /// <summary>Reads the field after the type byte (already read by the caller).</summary>
    public static MaxDataFrame Decode(ref QuicReader r) =>
        new(FrameDecoding.ReadVarint(ref r, FrameType.MaxData));
}
