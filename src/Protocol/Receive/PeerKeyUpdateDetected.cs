namespace ActorQuic.Protocol.Receive;

/// <summary>
/// The peer started a 1-RTT key update (RFC 9001 §6.2): a packet with the other Key Phase
/// opened with the next generation's keys, so the read keys rotated. The sender MUST move its
/// write keys to the same generation before it acknowledges that packet.
/// </summary>
/// <param name="Generation">The read key generation now current (0 is the first 1-RTT keys).</param>
/// <param name="KeyPhase">The Key Phase bit of that generation (<c>Generation % 2 == 1</c>).</param>
/// <param name="PacketNumber">The packet that revealed the update.</param>
public readonly record struct PeerKeyUpdateDetected(ulong Generation, bool KeyPhase, ulong PacketNumber);
