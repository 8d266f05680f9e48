using System.Net;
using ActorQuic.Http3.Messages;
using ActorQuic.Streams;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Transport;

/// <summary>
/// One request received by an <see cref="Http3ServerConnection"/>: the validated header section,
/// its content as a back-pressured Source (read it or cancel it: unread content holds the stream's
/// QUIC credit), and the way to answer.
/// </summary>
public sealed class Http3ServerRequest
{
    private readonly Http3Session _session;
    private readonly Http3StreamState _state;
    private int _responded;

    internal Http3ServerRequest(Http3Session session, Http3StreamState state, Http3Request request)
    {
        _session = session;
        _state = state;
        Request = request;
        Body = session.BodySource(state);
    }

    public Http3Request Request { get; }

    /// <summary>The request content (DATA payloads); completes at the end of the message, fails if the peer reset the stream.</summary>
    public Source<ByteString, NotUsed> Body { get; }

    /// <summary>The request stream's QUIC id.</summary>
    public long StreamId => _state.Id;

    public QuicConnection Connection => _session.Quic;

    public IPEndPoint RemoteEndPoint => _session.Quic.RemoteEndPoint;

    /// <summary>The trailer section, once the whole body was read (null when the peer sent none).</summary>
    public IReadOnlyList<Http3Field>? Trailers => _state.Trailers;

    /// <summary>A response was started.</summary>
    public bool HasResponded => Volatile.Read(ref _responded) != 0;

    /// <summary>
    /// Sends the response header section, then <paramref name="body"/> as DATA frames as fast as
    /// the QUIC stream takes them, then the FIN (null body: the HEADERS frame carries the FIN).
    /// Completes when the peer acknowledged all of it; fails if the stream was reset or the body failed.
    /// Only one final response per request.
    /// </summary>
    public Task RespondAsync(Http3Response response, Source<ByteString, NotUsed>? body = null)
    {
        if (response.IsInterim) throw new ArgumentException("only final responses are supported here", nameof(response));
        if (Interlocked.Exchange(ref _responded, 1) != 0) throw new InvalidOperationException("a response was already sent");
        if (!_session.TryBeginResponse(_state, response, body is not null, out var head))
            return Task.FromException(new IOException($"request stream {StreamId} is gone (reset, aborted or the connection closed)"));
        return _session.WriteMessage(_state, head, body);
    }

    /// <summary>Abandons the request in both directions with an HTTP/3 error code (RFC 9114 §8), e.g. H3_REQUEST_REJECTED.</summary>
    public void Abort(Http3ErrorCode errorCode) => _state.Stream.Abort(QuicAbortDirection.Both, (long)errorCode);

    public override string ToString() => $"{Request.Method} {Request.Path} (stream {StreamId})";
}
