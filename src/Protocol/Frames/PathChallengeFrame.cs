using System.Buffers.Binary;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// PATH_CHALLENGE (RFC 9000 §19.17): 8 bytes of arbitrary data the peer must echo. Held as a
/// big-endian ulong so it is a plain value to store and compare, with no buffer to keep alive.
/// </summary>
public readonly record struct PathChallengeFrame(ulong Data)
{
    public const int DataLength = 8;

    public FrameType Type => FrameType.PathChallenge;

    public int GetEncodedLength() => 1 + DataLength;

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)FrameType.PathChallenge);
        BinaryPrimitives.WriteUInt64BigEndian(w.Reserve(DataLength), Data);
    }

    /// <summary>Reads the data after the type byte (already read by the caller).</summary>
    public static PathChallengeFrame Decode(ref QuicReader r)
    {
        if (!r.TryReadSpan(DataLength, out var data)) FrameDecoding.ThrowTruncated(FrameType.PathChallenge);
        return new PathChallengeFrame(BinaryPrimitives.ReadUInt64BigEndian(data));
    }
}
