using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// HEADERS (RFC 9114 §7.2.2): carries a QPACK-encoded field section, opaque at this layer. On
/// receipt the whole payload is the encoded field section.
/// </summary>
public static class HeadersFrame
{
    public static int GetEncodedLength(int encodedFieldSectionLength) =>
        Http3FrameHeader.GetFrameLength((ulong)Http3FrameType.Headers, encodedFieldSectionLength);

    public static void Encode(ref QuicWriter w, scoped ReadOnlySpan<byte> encodedFieldSection)
    {
        w.WriteVarint((ulong)Http3FrameType.Headers);
        w.WriteVarint((ulong)encodedFieldSection.Length);
        w.WriteBytes(encodedFieldSection);
    }
}
