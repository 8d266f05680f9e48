using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>The Type and Length varints that start every HTTP/3 frame (RFC 9114 §7.1).</summary>
public readonly record struct Http3FrameHeader(ulong Type, ulong Length)
{
    public int GetEncodedLength() => QuicVarint.GetLength(Type) + QuicVarint.GetLength(Length);

    public void Encode(ref QuicWriter w)
    {
        w.WriteVarint(Type);
        w.WriteVarint(Length);
    }

    /// <summary>Bytes a whole frame with a payload of <paramref name="payloadLength"/> occupies.</summary>
    public static int GetFrameLength(ulong type, int payloadLength) =>
        QuicVarint.GetLength(type) + QuicVarint.GetLength((ulong)payloadLength) + payloadLength;
}
