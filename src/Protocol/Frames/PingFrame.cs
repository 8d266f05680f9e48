using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>PING (RFC 9000 §19.2): no content; it only makes the packet ack-eliciting.</summary>
public readonly record struct PingFrame
{
    public FrameType Type => FrameType.Ping;

    public int GetEncodedLength() => 1;

    public void Encode(ref QuicWriter w) => w.WriteByte((byte)FrameType.Ping);

    /// <summary>PING has no fields after the type (already read by the caller).</summary>
    public static PingFrame Decode(ref QuicReader r) => default;
}
