using System.Net.Security;
using ActorQuic.Http3.Messages;
using ActorQuic.Streams;
using Akka.Streams;

namespace ActorQuic.Http3.Transport;

/// <summary>
/// The server side of HTTP/3 (RFC 9114) on an accepted QUIC connection whose ALPN is "h3": our
/// control and QPACK streams, the peer's streams, and one <see cref="Http3RequestHandler"/> call
/// per request. Unknown frame and stream types are skipped, malformed input becomes the H3 error
/// codes (<see cref="Connection.Http3Connection"/>), server push is never used.
/// </summary>
public sealed class Http3ServerConnection
{
    private static readonly Http3Response NoResponse = new(500, [new Http3Field("content-length", "0")], 0);

    private readonly Http3Session _session;

    private Http3ServerConnection(Http3Session session) => _session = session;

    /// <summary>The ALPN token of HTTP/3 (RFC 9114 §3.1).</summary>
    public static SslApplicationProtocol Alpn => SslApplicationProtocol.Http3;

    public QuicConnection Connection => _session.Quic;

    /// <summary>Request streams not finished in both directions.</summary>
    public int ActiveRequestCount => _session.ActiveRequestCount;

    public Task<QuicCloseInfo> Closed => _session.Quic.Closed;

    /// <summary>Opens our streams, sends SETTINGS and starts serving; <paramref name="handler"/> runs for every request.</summary>
    public static async Task<Http3ServerConnection> StartAsync(QuicConnection connection, IMaterializer materializer,
        Http3RequestHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(materializer);
        ArgumentNullException.ThrowIfNull(handler);
        if (!connection.IsServer) throw new ArgumentException("not an accepted (server-side) connection", nameof(connection));
        // The session comes with each request, not from the awaited result: the first request can
        // be dispatched before StartAsync returns (it used to find a captured variable still null,
        // the dispatch threw, and the client waited for its idle timeout).
        void OnRequest(Http3Session session, Http3StreamState state, Http3Request request)
        {
            var received = new Http3ServerRequest(session, state, request);
            _ = Task.Run(() => Serve(handler, received));
        }
        var session = await Http3Session.StartAsync(connection, materializer, isServer: true, OnRequest,
            GreaseSeed(), cancellationToken).ConfigureAwait(false);
        return new Http3ServerConnection(session);
    }

    /// <summary>
    /// Graceful shutdown (RFC 9114 §5.2): GOAWAY, wait up to <paramref name="gracePeriod"/> for the
    /// requests in progress, then CONNECTION_CLOSE with H3_NO_ERROR.
    /// </summary>
    public async Task<QuicCloseInfo> ShutdownAsync(TimeSpan gracePeriod)
    {
        _session.SendGoaway();
        var deadline = Task.Delay(gracePeriod);
        // CONNECTION_CLOSE discards unsent stream data, so give the GOAWAY a moment to leave
        // (RFC 9114 §5.2 wants the client to learn which requests were not processed).
        await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, gracePeriod.TotalMilliseconds))), Closed).ConfigureAwait(false);
        while (_session.ActiveRequestCount > 0 && !deadline.IsCompleted && !Closed.IsCompleted)
        {
            await Task.WhenAny(Task.Delay(20), Closed).ConfigureAwait(false);
        }
        return await _session.Quic.CloseAsync((long)Http3ErrorCode.NoError, "shutdown").ConfigureAwait(false);
    }

    private static async Task Serve(Http3RequestHandler handler, Http3ServerRequest request)
    {
        try
        {
            await handler(request).ConfigureAwait(false);
            if (!request.HasResponded) _ = request.RespondAsync(NoResponse).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (Exception)
        {
            if (!request.HasResponded) _ = request.RespondAsync(NoResponse).ContinueWith(_ => { }, TaskScheduler.Default);
            else request.Abort(Http3ErrorCode.InternalError);
        }
    }

    /// <summary>Varies our grease values per connection without an RNG in the sans-IO layer (RFC 9114 §7.2.8).</summary>
    internal static ulong GreaseSeed() => (ulong)Random.Shared.NextInt64();

    public override string ToString() => $"Http3ServerConnection({Connection})";
}
