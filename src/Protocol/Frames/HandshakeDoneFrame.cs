using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>HANDSHAKE_DONE (RFC 9000 §19.20): the server confirms the handshake; no content.</summary>
public readonly record struct HandshakeDoneFrame
{
    public FrameType Type => FrameType.HandshakeDone;

    public int GetEncodedLength() => 1;

    public void Encode(ref QuicWriter w) => w.WriteByte((byte)FrameType.HandshakeDone);

    /// <summary>HANDSHAKE_DONE has no fields after the type (already read by the caller).</summary>
    public static HandshakeDoneFrame Decode(ref QuicReader r) => default;
}
