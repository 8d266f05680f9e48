using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Sender → resender: packets just sent, with <paramref name="InFlightBytes"/> the in-flight
/// bytes among them. Ownership of each <see cref="SentFrames"/> passes to the resender: the
/// sender must not read or reuse them (they are pooled) until they come back in
/// <see cref="PacketsAcked"/> or <see cref="PacketsLost"/>. Packets of a discarded space are
/// dropped by the resender and simply collected.
/// </summary>
public sealed record PacketsSent(SentPacket<SentFrames>[] Packets, long InFlightBytes);

/// <summary>Receiver → resender: an ACK frame; <paramref name="AckDelay"/> is the field as sent (scaled by the peer's exponent).</summary>
public sealed record AckReceived(PacketNumberSpace Space, AckRange[] Ranges, ulong AckDelay, TimeSpan Now);

/// <summary>Connection → resender: Handshake keys are available (RFC 9002 §6.2.2.1).</summary>
public sealed record HandshakeKeysAvailable
{
    public static readonly HandshakeKeysAvailable Instance = new();
}

/// <summary>Connection → resender: the handshake is confirmed (RFC 9002 §6.2.1).</summary>
public sealed record HandshakeConfirmed
{
    public static readonly HandshakeConfirmed Instance = new();
}
