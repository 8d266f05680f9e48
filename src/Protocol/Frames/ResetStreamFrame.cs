using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>RESET_STREAM (RFC 9000 §19.4): abruptly ends the sending part of a stream.</summary>
public readonly record struct ResetStreamFrame(ulong StreamId, ulong ApplicationErrorCode, ulong FinalSize)
{
    public FrameType Type => FrameType.ResetStream;

    public int GetEncodedLength() =>
        1 + QuicVarint.GetLength(StreamId) + QuicVarint.GetLength(ApplicationErrorCode) + QuicVarint.GetLength(FinalSize);

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.ResetStream);
        w.WriteVarint(StreamId);
        w.WriteVarint(ApplicationErrorCode);
        w.WriteVarint(FinalSize);
    }

    /// <summary>Reads the fields after the type byte (already read by the caller).</summary>
    public static ResetStreamFrame Decode(ref QuicReader r)
    {
        const FrameType type = FrameType.ResetStream;
        ulong streamId = FrameDecoding.ReadVarint(ref r, type);
        ulong error = FrameDecoding.ReadVarint(ref r, type);
        ulong finalSize = FrameDecoding.ReadVarint(ref r, type);
        return new ResetStreamFrame(streamId, error, finalSize);
    }
}
