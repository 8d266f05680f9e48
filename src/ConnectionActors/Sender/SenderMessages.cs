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

/// <summary>Connection → sender: the peer raised MAX_DATA (frame or transport parameter, validated by the stream registry).</summary>
public sealed record PeerMaxData(ulong Maximum);

/// <summary>Connection → sender: the peer raised MAX_STREAM_DATA for one of our sending parts.</summary>
public sealed record PeerMaxStreamData(ulong StreamId, ulong Maximum);

/// <summary>Connection → sender: the peer's MAX_STREAMS for a type, so a stale STREAMS_BLOCKED is not sent or repaired.</summary>
public sealed record PeerMaxStreams(bool Bidirectional, ulong Maximum);

/// <summary>
/// Connection → sender: the stream registry's control frames (MAX_DATA, MAX_STREAM_DATA,
/// MAX_STREAMS, STOP_SENDING, STREAMS_BLOCKED). From here on the sender alone repairs their loss
/// (RFC 9000 §13.3).
/// </summary>
public sealed record QueueStreamControl(ActorQuic.Protocol.Connection.StreamControlFrame[] Frames);

/// <summary>
/// Connection → sender: a sending part exists (a stream we opened, or a peer's bidirectional
/// stream) with the peer's initial limit for it (RFC 9000 §18.2). Writes to streams never opened
/// here are ignored.
/// </summary>
public sealed record OpenSendStream(ulong StreamId, ulong PeerMaxStreamData);

/// <summary>Connection → sender: abandon a sending part with RESET_STREAM (RFC 9000 §19.4).</summary>
public sealed record ResetSendStream(ulong StreamId, ulong ApplicationErrorCode);

/// <summary>
/// Connection → sender: the stream closed in the registry (RFC 9000 §3.4); stop repeating
/// MAX_STREAM_DATA and STOP_SENDING for it (§13.3).
/// </summary>
public sealed record ForgetStream(ulong StreamId);

/// <summary>
/// Sender → connection, after a flush: acknowledgments released <paramref name="ReleasedBytes"/>
/// more bytes of the stream's send buffer; <paramref name="Completed"/> once all data and the FIN
/// were acknowledged ("Data Recvd"), <paramref name="ResetAcknowledged"/> once our RESET_STREAM
/// was ("Reset Recvd", RFC 9000 §3.1). The sender forgot the stream in either terminal case.
/// </summary>
public sealed record StreamSendProgress(ulong StreamId, long ReleasedBytes, bool Completed, bool ResetAcknowledged);

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

/// <summary>
/// Connection → sender, client: the server's remembered limits (RFC 9000 §7.4.1) for what it sends with
/// 0-RTT keys; the real ones follow in <see cref="PeerParametersApplied"/>.
/// </summary>
internal sealed record RememberedPeerParameters(ActorQuic.Protocol.Transport.TransportParameters Parameters);

/// <summary>
/// Tls → sender, client offering 0-RTT: keep the first flight (ClientHello and 0-RTT packets) until the
/// application finished its first request stream or <paramref name="Hold"/> passed, so the request
/// leaves with the ClientHello.
/// </summary>
internal sealed record HoldFirstFlight(TimeSpan Hold);
