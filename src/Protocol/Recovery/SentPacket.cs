namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// What the sender remembers about a packet it sent (RFC 9002 appendix A.1.1).
/// </summary>
/// <typeparam name="TPayload">
/// Whatever the caller needs to act on the packet's fate — typically a description of the
/// frames it carried, so that on loss the information is re-queued in new frames rather than
/// the packet being resent as is (RFC 9000 §13.3: "retransmit frames, not packets"), and so
/// that an acknowledged ACK frame lets the receiver forget ranges (RFC 9000 §13.2.4).
/// </typeparam>
/// <param name="PacketNumber">The packet number in its space.</param>
/// <param name="TimeSent">When the packet was sent, as a time since connection start.</param>
/// <param name="Size">sent_bytes: the packet's size including QUIC header and AEAD overhead, excluding UDP/IP.</param>
/// <param name="AckEliciting">The packet has a frame other than ACK, PADDING or CONNECTION_CLOSE (RFC 9002 §2).</param>
/// <param name="InFlight">The packet counts toward bytes in flight: ack-eliciting or PADDING-bearing (RFC 9002 §2).</param>
/// <param name="Payload">The caller's description of the frames.</param>
public readonly record struct SentPacket<TPayload>(
    ulong PacketNumber,
    TimeSpan TimeSent,
    int Size,
    bool AckEliciting,
    bool InFlight,
    TPayload Payload);
