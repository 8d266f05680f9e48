using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// DATA (RFC 9114 §7.2.1). Senders that stream content write the header with
/// <see cref="EncodeHeader"/> and then the bytes themselves, so content is never copied into a frame buffer.
/// </summary>
public static class DataFrame
{
    public static int GetHeaderLength(ulong payloadLength) =>
        QuicVarint.GetLength((ulong)Http3FrameType.Data) + QuicVarint.GetLength(payloadLength);

    public static int GetEncodedLength(int payloadLength) => Http3FrameHeader.GetFrameLength((ulong)Http3FrameType.Data, payloadLength);

    public static void EncodeHeader(ref QuicWriter w, ulong payloadLength)
    {
        w.WriteVarint((ulong)Http3FrameType.Data);
        w.WriteVarint(payloadLength);
    }

    public static void Encode(ref QuicWriter w, scoped ReadOnlySpan<byte> payload)
    {
        EncodeHeader(ref w, (ulong)payload.Length);
        w.WriteBytes(payload);
    }
}
