namespace ActorQuic.Protocol.Send;

/// <summary>
/// The limits on the next datagram, decided by the owner from its congestion controller and
/// anti-amplification counter. The assembler only obeys them; pacing (RFC 9002 §7.7) is the
/// owner's decision of when to call, not part of the budget.
/// </summary>
/// <param name="MaxDatagramSize">
/// The largest UDP payload: 1200 until the peer's max_udp_payload_size and path MTU discovery
/// allow more (RFC 9000 §14). At least 1200.
/// </param>
/// <param name="CongestionAvailable">
/// Bytes the congestion controller lets into flight now (cwnd minus bytes in flight). Binds
/// packets that are ack-eliciting or padded; ACK-only and CONNECTION_CLOSE packets are not
/// congestion controlled (RFC 9002 §7), and probes may exceed it (RFC 9002 §7.5, §6.2.4).
/// </param>
/// <param name="AmplificationAvailable">
/// Bytes a server may still send before the client's address is validated: three times what it
/// received minus what it sent (RFC 9000 §8.1). <see cref="long.MaxValue"/> once validated and
/// for clients. Binds everything, probes included.
/// </param>
public readonly record struct SendBudget(int MaxDatagramSize, long CongestionAvailable, long AmplificationAvailable)
{
    /// <summary>The smallest maximum datagram size every QUIC path supports (RFC 9000 §14).</summary>
    public const int MinMaxDatagramSize = 1200;

    /// <summary>No congestion or amplification limit: for tests and for probes.</summary>
    public static SendBudget Unlimited(int maxDatagramSize = MinMaxDatagramSize) =>
        new(maxDatagramSize, long.MaxValue, long.MaxValue);
}
