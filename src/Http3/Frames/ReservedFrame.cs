using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// Reserved ("grease") frames of type 0x1f * N + 0x21 (RFC 9114 §7.2.8): no meaning, allowed on
/// any stream that carries frames; sending some keeps peers honest about skipping unknown types.
/// </summary>
public static class ReservedFrame
{
    public static int GetEncodedLength(ulong n, int payloadLength) =>
        Http3FrameHeader.GetFrameLength(Http3Grease.GetReserved(n), payloadLength);

    public static void Encode(ref QuicWriter w, ulong n, scoped ReadOnlySpan<byte> payload)
    {
        w.WriteVarint(Http3Grease.GetReserved(n));
        w.WriteVarint((ulong)payload.Length);
        w.WriteBytes(payload);
    }
}
