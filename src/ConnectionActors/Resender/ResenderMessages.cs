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

/// <summary>
/// Sender → resender: whether the sender is application limited (RFC 9002 §7.8): true when a
/// burst ended for lack of data or flow-control credit while the window had room for another
/// datagram; false when it ended because the window (or pacing, which does not count) held it
/// back. Sent only on change, after the burst's <see cref="PacketsSent"/>.
/// </summary>
public sealed record AppLimitedChanged(bool AppLimited);

/// <summary>
/// Sender → resender: the maximum datagram size changed (the peer's max_udp_payload_size,
/// RFC 9000 §18.2); the congestion controller recomputes its windows (RFC 9002 §7.2).
/// </summary>
public sealed record MaxDatagramSizeChanged(int MaxDatagramSize);

/// <summary>Test and diagnostics query → resender: answered with a <see cref="RecoverySnapshot"/>.</summary>
internal sealed record GetRecoverySnapshot
{
    public static readonly GetRecoverySnapshot Instance = new();
}

/// <summary>The resender's congestion and RTT state at one moment (for tests and diagnostics).</summary>
internal sealed record RecoverySnapshot(
    long CongestionWindow, long BytesInFlight, bool AppLimited, int MaxDatagramSize,
    TimeSpan SmoothedRtt, TimeSpan PtoPeriod, long AckedBytes, string CongestionController);

/// <summary>Connection → resender: 0-RTT was rejected; its packets leave recovery and their frames go back to the sender (RFC 9002 §6.4).</summary>
internal sealed record ZeroRttRejected
{
    public static readonly ZeroRttRejected Instance = new();
}
