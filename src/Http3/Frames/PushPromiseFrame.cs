using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>PUSH_PROMISE (RFC 9114 §7.2.5): a push id followed by a QPACK-encoded request field section.</summary>
public static class PushPromiseFrame
{
    public static int GetEncodedLength(ulong pushId, int encodedFieldSectionLength) =>
        Http3FrameHeader.GetFrameLength((ulong)Http3FrameType.PushPromise, QuicVarint.GetLength(pushId) + encodedFieldSectionLength);

    public static void Encode(ref QuicWriter w, ulong pushId, scoped ReadOnlySpan<byte> encodedFieldSection)
    {
        w.WriteVarint((ulong)Http3FrameType.PushPromise);
        w.WriteVarint((ulong)(QuicVarint.GetLength(pushId) + encodedFieldSection.Length));
        w.WriteVarint(pushId);
        w.WriteBytes(encodedFieldSection);
    }

    /// <summary>Splits a payload into push id and field section; a payload without a whole push id is H3_FRAME_ERROR (§7.1).</summary>
    public static ulong Decode(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> encodedFieldSection)
    {
        if (!QuicVarint.TryRead(payload, out ulong pushId, out int n))
            throw new Http3ProtocolException(Http3ErrorCode.FrameError, "PUSH_PROMISE payload truncated before the push id");
        encodedFieldSection = payload[n..];
        return pushId;
    }
}
