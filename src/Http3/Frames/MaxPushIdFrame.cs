using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>MAX_PUSH_ID (RFC 9114 §7.2.7): client → server only, the largest push id the server may use.</summary>
public readonly record struct MaxPushIdFrame(ulong PushId)
{
    public int GetEncodedLength() => SingleVarintPayload.GetFrameLength(Http3FrameType.MaxPushId, PushId);

    public void Encode(ref QuicWriter w) => SingleVarintPayload.Encode(ref w, Http3FrameType.MaxPushId, PushId);

    /// <summary>Decodes the payload (after the frame header).</summary>
    public static MaxPushIdFrame Decode(ReadOnlySpan<byte> payload) =>
        new(SingleVarintPayload.Decode(payload, Http3FrameType.MaxPushId));
}
