using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// GOAWAY (RFC 9114 §7.2.6): from a server a client-initiated bidirectional stream id, from a
/// client a push id; requests/pushes at or above it will not be processed (§5.2).
/// </summary>
public readonly record struct GoawayFrame(ulong Id)
{
    public int GetEncodedLength() => SingleVarintPayload.GetFrameLength(Http3FrameType.Goaway, Id);

    public void Encode(ref QuicWriter w) => SingleVarintPayload.Encode(ref w, Http3FrameType.Goaway, Id);

    /// <summary>Decodes the payload (after the frame header).</summary>
    public static GoawayFrame Decode(ReadOnlySpan<byte> payload) =>
        new(SingleVarintPayload.Decode(payload, Http3FrameType.Goaway));
}
