using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

// ---- from the endpoint / application to the connection ------------------------------------

/// <summary>A datagram for this connection (the endpoint's routing decision). The connection owns <paramref name="Buffer"/> from now on.</summary>
public sealed record DatagramReceived(byte[] Buffer, int Length, IPEndPoint Remote);

/// <summary>Closes the connection with an application error code (RFC 9000 §10.2, type 0x1d).</summary>
public sealed record CloseConnection(ulong ErrorCode, string Reason);

// ---- from the connection to its owner ------------------------------------------------------

/// <summary>
/// The handshake completed (RFC 9001 §4.1.1): negotiated ALPN, the peer's certificate chain
/// (empty for a server without client auth) and the peer's address.
/// </summary>
public sealed record ConnectionEstablished(string ApplicationProtocol, IReadOnlyList<X509Certificate2> PeerCertificates, IPEndPoint Remote);

/// <summary>
/// Client connection → its requester and owner: the connection ended before the handshake
/// completed (refused, timed out, TLS failure, stateless reset), so <see cref="ConnectionEstablished"/> never comes.
/// </summary>
public sealed record ConnectionFailed(CloseInfo Info);

/// <summary>The connection ended for the application (closing, draining or timed out); <see cref="ConnectionClosed"/> follows.</summary>
public sealed record ConnectionTerminated(CloseInfo Info);

/// <summary>All state is gone (after the closing or draining period); the actor stops.</summary>
public sealed record ConnectionClosed(CloseInfo Info);

/// <summary>
/// Client connection → its owner: 0-RTT keys are ready (RFC 9001 §4.6.1) and the server's remembered
/// transport parameters apply (RFC 9000 §7.4.1), so streams may be opened and written before the
/// handshake completes. <see cref="EarlyDataDecided"/> tells later whether the server took the data.
/// </summary>
public sealed record ZeroRttReady(string ApplicationProtocol);

/// <summary>
/// Connection → owner: the server's 0-RTT decision (RFC 9001 §4.6.2), at the client when the
/// EncryptedExtensions arrive, at the server when it read the ClientHello. Only when 0-RTT was offered.
/// </summary>
public sealed record EarlyDataDecided(bool Accepted);

/// <summary>Client connection → owner: the server sent a ticket to resume with later, maybe with 0-RTT (RFC 9846 §4.6.1).</summary>
public sealed record SessionTicketReceived(ActorQuic.Protocol.Tls.TlsSessionTicket Ticket);

// ---- between the children and the connection -----------------------------------------------

/// <summary>A child's deadline of <paramref name="Kind"/> moved; null disarms it. The connection keeps one timer for the earliest.</summary>
public sealed record DeadlineChanged(TimerKind Kind, TimeSpan? At);

/// <summary>The connection's single timer fired for <paramref name="Kind"/>: the owning child acts on it.</summary>
public sealed record TimerExpired(TimerKind Kind);

/// <summary>The connection's own timer message (single key).</summary>
internal sealed record ConnectionTimerFired
{
    public static readonly ConnectionTimerFired Instance = new();
}

/// <summary>Receiver → connection, once per datagram or batch of datagrams: what was processed, for idle and key-discard bookkeeping.</summary>
public sealed record PacketsProcessed(bool AnyProcessed, bool HandshakeProcessed, bool OneRttProcessed);

/// <summary>Receiver → connection, sender: the peer's SCID from its first long-header packet (RFC 9000 §7.2).</summary>
public sealed record PeerConnectionIdLearned(ConnectionId ConnectionId);

/// <summary>
/// Receiver → connection: a stream-related frame (STREAM, RESET_STREAM, STOP_SENDING, MAX_DATA,
/// MAX_STREAM_DATA, MAX_STREAMS, *_BLOCKED) or a DATAGRAM, for the stream registry. Data of STREAM
/// and DATAGRAM frames is copied out of the datagram.
/// </summary>
public sealed record FrameReceived<TFrame>(TFrame Frame) where TFrame : struct;

/// <summary>
/// Receiver → connection: the messages for the connection (<see cref="FrameReceived{TFrame}"/> and
/// the others below) of one datagram or batch of datagrams, in frame order, as one mailbox hop.
/// The connection handles each as if it had come alone, except that the stream registry's events
/// are acted on once after a run of STREAM frames instead of after each.
/// </summary>
public sealed record ReceivedFrames(object[] Messages);

/// <summary>Receiver → connection: a CONNECTION_CLOSE frame (reason copied).</summary>
public sealed record ConnectionCloseReceived(ConnectionCloseFrame Frame);

/// <summary>Receiver → connection: HANDSHAKE_DONE (RFC 9000 §19.20).</summary>
public sealed record HandshakeDoneReceived
{
    public static readonly HandshakeDoneReceived Instance = new();
}

/// <summary>Receiver → connection: NEW_CONNECTION_ID (RFC 9000 §19.15), for the peer CID manager.</summary>
public sealed record NewConnectionIdReceived(ulong SequenceNumber, ulong RetirePriorTo, ConnectionId ConnectionId, StatelessResetToken ResetToken);

/// <summary>Tls → connection: keys for a level were installed in one direction.</summary>
public sealed record KeysAvailable(ActorQuic.Protocol.EncryptionLevel Level);

/// <summary>Tls → connection: the peer's encoded transport parameters (RFC 9001 §8.2).</summary>
public sealed record PeerTransportParametersReceived(byte[] Encoded);

/// <summary>Tls → connection: the TLS engine's 0-RTT decision (<see cref="EarlyDataDecided"/>).</summary>
internal sealed record TlsEarlyDataDecided(bool Accepted);

/// <summary>Tls → connection: the handshake completed at this end.</summary>
public sealed record TlsHandshakeCompleted(string ApplicationProtocol, IReadOnlyList<X509Certificate2> PeerCertificates);

/// <summary>
/// Resender → connection: the PTO period changed noticeably (RFC 9002 §6.2.1: smoothed_rtt +
/// max(4 × rttvar, kGranularity) + max_ack_delay, without backoff), for the closing and draining
/// periods and the idle timeout's 3 × PTO floor (RFC 9000 §10.1, §10.2).
/// </summary>
public sealed record PtoPeriodChanged(TimeSpan Pto, TimeSpan SmoothedRtt);

/// <summary>Sender → connection, once per burst: ack-eliciting and Handshake packets went out.</summary>
public sealed record PacketsWentOut(bool AckEliciting, bool HandshakePacket, bool ConnectionClose);

/// <summary>A child failed; the connection closes with this error (supervision, never restart).</summary>
internal sealed record ChildFailed(string Child, Exception Error);

/// <summary>
/// Connection → each child, first message after creation: the siblings' references (they
/// refer to each other in cycles, so they cannot all be constructor arguments).
/// </summary>
public sealed record ConnectionChildren(IActorRef Reader, IActorRef Receiver, IActorRef Tls, IActorRef Sender, IActorRef Resender);
