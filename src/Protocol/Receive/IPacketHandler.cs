using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Receive;

/// <summary>
/// Receives what <see cref="PacketReceiver"/> decodes: per authenticated packet, a start call,
/// its frames (as an <see cref="IFrameHandler"/>), and an end call. Implement it on a struct so
/// the receiver's generic calls are direct and allocation-free. Throwing
/// <see cref="QuicProtocolException"/> from any callback aborts the packet: it is then not
/// acknowledged, and the connection is expected to close.
/// </summary>
public interface IPacketHandler : IFrameHandler
{
    /// <summary>Before the packet's first frame.</summary>
    void OnPacketStart(in ReceivedPacket packet);

    /// <summary>
    /// After the packet's last frame, before it is recorded for acknowledgment (RFC 9000 §13.1).
    /// </summary>
    /// <param name="ackEliciting">It held a frame other than ACK, PADDING and CONNECTION_CLOSE (RFC 9002 §2).</param>
    /// <param name="probingOnly">It held only probing frames (RFC 9000 §9.1): it does not migrate the connection.</param>
    void OnPacketEnd(in ReceivedPacket packet, bool ackEliciting, bool probingOnly);
}
