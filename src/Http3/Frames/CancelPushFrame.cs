using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>CANCEL_PUSH (RFC 9114 §7.2.3): cancels a server push by push id; control stream only.</summary>
public readonly record struct CancelPushFrame(ulong PushId)
{
    public int GetEncodedLength() => SingleVarintPayload.GetFrameLength(Http3FrameType.CancelPush, PushId);

    public void Encode(ref QuicWriter w) => SingleVarintPayload.Encode(ref w, Http3FrameType.CancelPush, PushId);

    /// <summary>Decodes the payload (after the frame header).</summary>
    public static CancelPushFrame Decode(ReadOnlySpan<byte> payload) =>
        new(SingleVarintPayload.Decode(payload, Http3FrameType.CancelPush));
}
