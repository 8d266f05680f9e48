using ActorQuic.Http3.Frames;
using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.Connection;

/// <summary>
/// Everything an <see cref="Http3Connection"/> asks of its caller or tells it, drained in order
/// with <see cref="Http3Connection.TryTakeOutput"/>. Order matters: bytes for one stream must be
/// written in the order given, and encoder-stream writes come before the HEADERS that need them.
/// </summary>
public abstract record Http3Output;

/// <summary>Write <paramref name="Data"/> on <paramref name="StreamId"/>; <paramref name="Fin"/> ends our side.</summary>
public sealed record Http3StreamWrite(long StreamId, byte[] Data, bool Fin) : Http3Output;

/// <summary>
/// Abort the stream in both directions (RESET_STREAM and STOP_SENDING with <paramref name="ErrorCode"/>):
/// a stream error (RFC 9114 §8) or a rejected request (§5.2).
/// </summary>
public sealed record Http3AbortStream(long StreamId, Http3ErrorCode ErrorCode, string Reason) : Http3Output;

/// <summary>Stop reading a peer unidirectional stream we discard (STOP_SENDING, RFC 9114 §6.2).</summary>
public sealed record Http3StopSending(long StreamId, Http3ErrorCode ErrorCode) : Http3Output;

/// <summary>
/// A connection error (RFC 9114 §8): close the QUIC connection with CONNECTION_CLOSE (application)
/// carrying <paramref name="ErrorCode"/>. The connection ignores all input afterwards.
/// </summary>
public sealed record Http3CloseConnection(Http3ErrorCode ErrorCode, string Reason) : Http3Output;

/// <summary>The peer's SETTINGS arrived (already applied to our QPACK encoder).</summary>
public sealed record Http3SettingsReceived(Http3Settings Settings) : Http3Output;

/// <summary>The peer sent GOAWAY (RFC 9114 §5.2): from a server a stream id, from a client a push id.</summary>
public sealed record Http3GoawayReceived(ulong Id) : Http3Output;

/// <summary>Server: a validated request header section on <paramref name="StreamId"/>.</summary>
public sealed record Http3RequestReceived(long StreamId, Http3Request Request) : Http3Output;

/// <summary>Client: an interim (1xx) response; the final one follows (RFC 9114 §4.1).</summary>
public sealed record Http3InterimResponseReceived(long StreamId, Http3Response Response) : Http3Output;

/// <summary>Client: the final response header section.</summary>
public sealed record Http3ResponseReceived(long StreamId, Http3Response Response) : Http3Output;

/// <summary>
/// Message content (DATA payloads). <paramref name="Fin"/> marks the clean end of the message
/// (then <paramref name="Data"/> may be empty); it always comes after headers and trailers.
/// </summary>
public sealed record Http3DataReceived(long StreamId, byte[] Data, bool Fin) : Http3Output;

/// <summary>A validated trailer section.</summary>
public sealed record Http3TrailersReceived(long StreamId, IReadOnlyList<Http3Field> Trailers) : Http3Output;

/// <summary>The peer reset a request stream (e.g. H3_REQUEST_REJECTED after GOAWAY, H3_REQUEST_CANCELLED).</summary>
public sealed record Http3StreamResetReceived(long StreamId, ulong ErrorCode) : Http3Output;
