using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>STOP_SENDING (RFC 9000 §19.5): asks the peer to stop sending on a stream.</summary>
public readonly record struct StopSendingFrame(ulong StreamId, ulong ApplicationErrorCode)
{
    public FrameType Type => FrameType.StopSending;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength(StreamId) + QuicVarint.GetLength(ApplicationErrorCode);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.StopSending);
        w.WriteVarint(StreamId);
        w.WriteVarint(ApplicationErrorCode);
    }

    /// <summary>Reads the fields after the type byte (already read by the caller).</summary>
    public static StopSendingFrame Decode(ref QuicReader r)
    {
        const FrameType type = FrameType.StopSending;
        ulong streamId = FrameDecoding.ReadVarint(ref r, type);
        ulong error = FrameDecoding.ReadVarint(ref r, type);
        return new StopSendingFrame(streamId, error);
    }
}
