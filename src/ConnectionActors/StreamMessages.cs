namespace ActorQuic.ConnectionActors;

// The application's side of streams and datagrams: what a connection's owner (and the stream
// stages of src/Streams) send to a ConnectionActor, and what it answers. Replies go to the
// Sender of the request, so an Akka.Streams stage actor can talk to the connection directly.
//
// Back-pressure both ways is flow control (RFC 9000 §4):
// - receiving: the connection buffers at most the stream's receive window; it hands bytes out
//   only against ReadStream demand, and reading is what extends MAX_STREAM_DATA / MAX_DATA;
// - sending: a writer keeps at most its own window of bytes written but not yet released
//   (StreamWriteReleased), and bytes are released only as the peer acknowledges them.

/// <summary>
/// Opens our next stream (RFC 9000 §2.1). Answered with <see cref="StreamOpened"/> when the
/// peer's MAX_STREAMS allows — at once, or later when it raises the limit (we send
/// STREAMS_BLOCKED meanwhile, §4.6) — or <see cref="StreamOpenFailed"/> if the connection ends first.
/// </summary>
public sealed record OpenStream(bool Bidirectional);

/// <summary>
/// Answer to <see cref="OpenStream"/>: the new stream's ID. Also sent to the connection's owner
/// when a <see cref="WriteStream"/> opened one of our streams implicitly (see there), so the
/// owner can read its bidirectional streams.
/// </summary>
public sealed record StreamOpened(ulong StreamId);

/// <summary>Answer to <see cref="OpenStream"/>: the connection is closing or closed.</summary>
public sealed record StreamOpenFailed(string Reason);

/// <summary>
/// Connection → owner: the peer opened a stream (its first frame arrived, RFC 9000 §2.1). The
/// owner (or a stage it hands the stream to) reads it with <see cref="ReadStream"/>.
/// </summary>
public sealed record StreamAccepted(ulong StreamId);

/// <summary>
/// Demand for up to <paramref name="MaxBytes"/> in-order bytes of a receiving stream. Answered
/// with exactly one <see cref="StreamDataReceived"/> (at least one byte, or the FIN) as soon as
/// there is something, or <see cref="StreamResetReceived"/> / <see cref="StreamAborted"/>.
/// One ReadStream outstanding per stream (a second replaces the first reader); the bytes handed
/// out count as consumed (RFC 9000 §4.2). A peer's stream may be read before it arrives; a read
/// on a stream we cannot receive on (our unidirectional one, or ours never opened) is answered
/// with <see cref="StreamAborted"/> whose Info is a local, non-connection reason.
/// </summary>
public sealed record ReadStream(ulong StreamId, int MaxBytes);

/// <summary>Answer to <see cref="ReadStream"/>: in-order bytes (a copy), <paramref name="Fin"/> once the last byte was handed out.</summary>
public sealed record StreamDataReceived(ulong StreamId, byte[] Data, bool Fin);

/// <summary>Answer to <see cref="ReadStream"/>: the peer reset the stream (RESET_STREAM, RFC 9000 §19.4).</summary>
public sealed record StreamResetReceived(ulong StreamId, ulong ApplicationErrorCode);

/// <summary>
/// Appends bytes to one of our sending streams (a locally opened one, or a peer's bidirectional
/// stream); <paramref name="Fin"/> ends it. The Sender of the first write is the stream's
/// writer: it hears <see cref="StreamWriteReleased"/>, <see cref="StreamWriteCompleted"/> and
/// <see cref="StreamStopSendingReceived"/>.
/// A write to our next unopened stream of its type (e.g. stream 0 before any OpenStream) opens
/// it implicitly, queued like an OpenStream while the peer's MAX_STREAMS is exhausted; the owner
/// hears <see cref="StreamOpened"/>. Writes to other unopened IDs, to the peer's unidirectional
/// streams, after the FIN or after a reset are ignored with a warning.
/// </summary>
public sealed record WriteStream(ulong StreamId, byte[] Data, bool Fin);

/// <summary>Connection → writer: the peer acknowledged <paramref name="Bytes"/> more bytes of the stream; they left the send buffer.</summary>
public sealed record StreamWriteReleased(ulong StreamId, long Bytes);

/// <summary>Connection → writer: all data and the FIN were acknowledged ("Data Recvd", RFC 9000 §3.1).</summary>
public sealed record StreamWriteCompleted(ulong StreamId);

/// <summary>
/// Connection → writer: the peer asked us to stop (STOP_SENDING, RFC 9000 §19.5); the connection
/// already answered with RESET_STREAM carrying the same code (§3.5). A stream nobody wrote to yet
/// tells its first writer, whose write is dropped.
/// </summary>
public sealed record StreamStopSendingReceived(ulong StreamId, ulong ApplicationErrorCode);

/// <summary>
/// Abandons our sending part: RESET_STREAM with the application's code (RFC 9000 §19.4). Unsent
/// and unacknowledged bytes are dropped; the writer hears no <see cref="StreamWriteCompleted"/>.
/// </summary>
public sealed record ResetStream(ulong StreamId, ulong ApplicationErrorCode);

/// <summary>
/// Abandons our receiving part: STOP_SENDING with the application's code (RFC 9000 §19.5);
/// buffered data is dropped, an outstanding <see cref="ReadStream"/> is answered with an empty
/// <see cref="StreamDataReceived"/> with Fin, and no <see cref="StreamResetReceived"/> follows.
/// </summary>
public sealed record StopReading(ulong StreamId, ulong ApplicationErrorCode);

/// <summary>
/// Connection → a stream's reader or writer with a request outstanding (a waiting ReadStream, a
/// stream written and not completed, a write queued behind MAX_STREAMS): the connection ended
/// (<paramref name="Info"/> says how), nothing more will come for this stream. Requests after
/// the end are answered with it at once.
/// </summary>
public sealed record StreamAborted(ulong StreamId, ActorQuic.Protocol.Connection.CloseInfo Info);

/// <summary>
/// Sends an unreliable DATAGRAM frame (RFC 9221); dropped if the peer did not offer
/// max_datagram_frame_size (also: before its transport parameters arrived), the frame exceeds
/// it, or it does not fit one packet (1200 bytes until path MTU discovery exists).
/// </summary>
public sealed record SendDatagram(byte[] Data);

/// <summary>Connection → owner: a DATAGRAM frame's payload (RFC 9221 §5).</summary>
public sealed record DatagramFrameReceived(byte[] Data);

/// <summary>Query → connection: answered with a <see cref="ConnectionInfo"/>.</summary>
public sealed record GetConnectionInfo
{
    public static readonly GetConnectionInfo Instance = new();
}

/// <summary>What the application may want to know about a connection (addresses, peer chain, ALPN, stream counts).</summary>
public sealed record ConnectionInfo(
    System.Net.IPEndPoint Remote,
    string? ApplicationProtocol,
    IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> PeerCertificates,
    int OpenStreams,
    bool Established);

