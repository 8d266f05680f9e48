using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>RETIRE_CONNECTION_ID (RFC 9000 §19.16): stops using a connection ID the peer issued.</summary>
public readonly record struct RetireConnectionIdFrame(ulong SequenceNumber)
{
    public FrameType Type => FrameType.RetireConnectionId;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(SequenceNumber);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.RetireConnectionId);
        w.WriteVarint(SequenceNumber);
    }

    /// <summary>Reads the field after the type byte (already read by the caller).</summary>
    public static RetireConnectionIdFrame Decode(ref QuicReader r) =>
        new(FrameDecoding.ReadVarint(ref r, FrameType.RetireConnectionId));
}
