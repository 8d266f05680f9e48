using System.Buffers.Binary;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// PATH_RESPONSE (RFC 9000 §19.18): echoes a PATH_CHALLENGE's 8 bytes, held as a big-endian ulong.
/// </summary>
public readonly record struct PathResponseFrame(ulong Data)
{
    public const int DataLength = 8;

    public FrameType Type => FrameType.PathResponse;

    public int GetEncodedLength() => 1 + DataLength;

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.PathResponse);
        BinaryPrimitives.WriteUInt64BigEndian(w.Reserve(DataLength), Data);
    }

    /// <summary>Reads the data after the type byte (already read by the caller).</summary>
    public static PathResponseFrame Decode(ref QuicReader r)
    {
        if (!r.TryReadSpan(DataLength, out var data)) FrameDecoding.ThrowTruncated(FrameType.PathResponse);
        return new PathResponseFrame(BinaryPrimitives.ReadUInt64BigEndian(data));
    }
}
