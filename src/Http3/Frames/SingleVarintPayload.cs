using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>Shared codec for the frames whose payload is exactly one varint (GOAWAY, CANCEL_PUSH, MAX_PUSH_ID).</summary>
internal static class SingleVarintPayload
{
    public static int GetFrameLength(Http3FrameType type, ulong value)
    {
        int payload = QuicVarint.GetLength(value);
        return QuicVarint.GetLength((ulong)type) + QuicVarint.GetLength((ulong)payload) + payload;
    }

    public static void Encode(ref QuicWriter w, Http3FrameType type, ulong value)
    {
        w.WriteVarint((ulong)type);
        w.WriteVarint((ulong)QuicVarint.GetLength(value));
        w.WriteVarint(value);
    }

    /// <summary>RFC 9114 §7.1: missing or extra bytes in the payload are H3_FRAME_ERROR.</summary>
    public static ulong Decode(ReadOnlySpan<byte> payload, Http3FrameType type)
    {
        if (!QuicVarint.TryRead(payload, out ulong value, out int n) || n != payload.Length)
            throw new Http3ProtocolException(Http3ErrorCode.FrameError, $"{type} payload is not exactly one varint");
        return value;
    }
}
