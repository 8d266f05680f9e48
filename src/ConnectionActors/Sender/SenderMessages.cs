using ActorQuic.Protocol;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors;

/// <summary>Tls → sender: handshake bytes to send in CRYPTO frames at a level.</summary>
public sealed record WriteCrypto(EncryptionLevel Level, byte[] Data);

/// <summary>Tls → sender (and connection for Initial): write keys for a level; the sender builds its own PacketProtection.</summary>
public sealed record InstallWriteKeys(EncryptionLevel Level, CipherSuite Suite, byte[] Secret);

/// <summary>Receiver → sender: the ACK frame content for a space; <paramref name="SendNow"/> when it is due (RFC 9000 §13.2.1).</summary>
public sealed record AckReady(PacketNumberSpace Space, AckRange[] Ranges, ulong EncodedDelay, bool SendNow);

/// <summary>Receiver → sender: MAX_DATA from the peer.</summary>
public sealed record PeerMaxData(ulong Maximum);

/// <summary>Receiver → sender: MAX_STREAM_DATA from the peer.</summary>
public sealed record PeerMaxStreamData(ulong StreamId, ulong Maximum);

/// <summary>Connection → sender: credit we grant (MAX_DATA / MAX_STREAM_DATA); StreamId null for the connection.</summary>
public sealed record GrantCredit(ulong? StreamId, ulong Maximum);

/// <summary>Server receiver → sender: bytes received before address validation (RFC 9000 §8.1).</summary>
public sealed record DatagramBytesReceived(int Bytes);

/// <summary>Connection → sender: the peer's address is validated; the amplification limit is lifted.</summary>
public sealed record AddressValidated
{
    public static readonly AddressValidated Instance = new();
}

/// <summary>Connection → sender, resender: the peer's validated transport parameters.</summary>
public sealed record PeerParametersApplied(TransportParameters Parameters);

/// <summary>Connection → sender: queue HANDSHAKE_DONE (RFC 9001 §4.1.2).</summary>
public sealed record SendHandshakeDone
{
    public static readonly SendHandshakeDone Instance = new();
}

/// <summary>Connection → sender: queue a PING (keep-alive).</summary>
public sealed record SendPing(PacketNumberSpace Space);

/// <summary>Connection → sender: send this CONNECTION_CLOSE once (RFC 9000 §10.2); reason bytes owned by the message.</summary>
public sealed record SendConnectionClose(ConnectionCloseFrame Frame);

/// <summary>Connection → sender: the connection terminated; send nothing but CONNECTION_CLOSE from now on.</summary>
public sealed record StopSending
{
    public static readonly StopSending Instance = new();
}

/// <summary>Resender → sender: PTO probes to send in a space (RFC 9002 §6.2.4).</summary>
public sealed record SendProbe(PacketNumberSpace Space, int Count);

/// <summary>
/// Resender → sender: congestion window room as the resender sees it after counting
/// <paramref name="AccountedBytes"/> in-flight bytes sent; the sender subtracts what it sent since.
/// <paramref name="CongestionWindow"/> and <paramref name="SmoothedRtt"/> set the pacing rate
/// (RFC 9002 §7.7: N × congestion_window / smoothed_rtt).
/// </summary>
public sealed record SendBudgetChanged(long CongestionAvailable, long AccountedBytes, long CongestionWindow, TimeSpan SmoothedRtt);

/// <summary>
/// Test and diagnostics knob → sender: turn pacing (RFC 9002 §7.7) on or off. On by default;
/// off sends each burst limited by the congestion window only.
/// </summary>
internal sealed record ConfigurePacing(bool Enabled);

/// <summary>
/// Resender → sender: these packets were acknowledged. Ownership of their <see cref="SentFrames"/>
/// returns to the sender, which frees them into its pool.
/// </summary>
public sealed record PacketsAcked(SentPacket<SentFrames>[] Packets);

/// <summary>
/// Resender → sender: these packets were declared lost. Ownership of their <see cref="SentFrames"/>
/// returns to the sender, which re-queues their information (RFC 9000 §13.3).
/// </summary>
public sealed record PacketsLost(SentPacket<SentFrames>[] Packets);

/// <summary>Sender → itself: build and send a burst.</summary>
internal sealed record FlushSender
{
    public static readonly FlushSender Instance = new();
}
