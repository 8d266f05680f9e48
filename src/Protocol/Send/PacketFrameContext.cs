using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

/// <summary>What <see cref="PacketAssembler"/> tells <see cref="OutgoingFrames"/> about the packet being filled.</summary>
/// <param name="ElicitingLimit">Writer position up to which ack-eliciting frames may go (congestion budget, Initial padding rule); ACK and CONNECTION_CLOSE may use the whole writer.</param>
/// <param name="Probe">A PTO probe: must be ack-eliciting, PING if nothing else (RFC 9002 §6.2.4).</param>
/// <param name="Closing">Only ACK and CONNECTION_CLOSE (RFC 9000 §10.2).</param>
/// <param name="LargestDatagramFrame">The largest DATAGRAM frame a packet at the maximum datagram size holds.</param>
internal readonly record struct PacketFrameContext(
    EncryptionLevel Level,
    PacketType PacketType,
    int ElicitingLimit,
    bool Probe,
    bool Closing,
    int LargestDatagramFrame,
    TimeSpan Now);
