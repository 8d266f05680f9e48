using ActorQuic.Http3.Messages;
using ActorQuic.Streams;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Transport;

/// <summary>
/// The client side of HTTP/3 (RFC 9114) on a connected QUIC connection whose ALPN is "h3": our
/// control and QPACK streams, and any number of concurrent requests, each on its own bidirectional
/// stream (§4.1). Thread-safe.
/// </summary>
public sealed class Http3ClientConnection : IAsyncDisposable
{
    private readonly Http3Session _session;

    private Http3ClientConnection(Http3Session session) => _session = session;

    public QuicConnection Connection => _session.Quic;

    /// <summary>The server's GOAWAY id (RFC 9114 §5.2): requests on streams at or above it are refused.</summary>
    public ulong? ReceivedGoawayId => _session.ReceivedGoawayId;

    /// <summary>Completes when the server's SETTINGS arrived.</summary>
    public Task SettingsReceived => _session.SettingsReceived;

    /// <summary>Opens our control and QPACK streams and sends SETTINGS.</summary>
    public static async Task<Http3ClientConnection> StartAsync(QuicConnection connection, IMaterializer materializer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(materializer);
        if (connection.IsServer) throw new ArgumentException("not a client connection", nameof(connection));
        var session = await Http3Session.StartAsync(connection, materializer, isServer: false, onRequest: null,
            Http3ServerConnection.GreaseSeed(), cancellationToken).ConfigureAwait(false);
        return new Http3ClientConnection(session);
    }

    /// <summary>A request without content, e.g. <c>GetAsync("localhost:4433", "/index.html")</c>.</summary>
    public Task<Http3ClientResponse> SendAsync(string method, string authority, string path,
        IReadOnlyList<Http3Field>? headers = null, CancellationToken cancellationToken = default) =>
        SendAsync(new Http3Request(method, "https", authority, path, headers ?? [], null), null, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> (and <paramref name="body"/> as DATA frames, pulled as the
    /// stream takes them) on a new bidirectional stream; completes with the final response header
    /// section, whose content follows in <see cref="Http3ClientResponse.Body"/>. Interim (1xx)
    /// responses are skipped. Fails with IOException when the stream is reset or the connection ends.
    /// </summary>
    public async Task<Http3ClientResponse> SendAsync(Http3Request request, Source<ByteString, NotUsed>? body = null,
        CancellationToken cancellationToken = default)
    {
        var stream = await _session.Quic.OpenBidirectionalStreamAsync(cancellationToken).ConfigureAwait(false);
        Http3StreamState state;
        List<ByteString> head;
        try
        {
            state = _session.BeginRequest(stream, request, body is not null, out head);
        }
        catch
        {
            stream.Abort(QuicAbortDirection.Both, (long)Http3ErrorCode.RequestCancelled);
            throw;
        }
        // The request is registered before the first response byte can be read.
        _session.StartReading(stream);
        _ = _session.WriteMessage(state, head, body);
        using (cancellationToken.Register(() =>
               {
                   if (state.Response!.TrySetCanceled(cancellationToken))
                       stream.Abort(QuicAbortDirection.Both, (long)Http3ErrorCode.RequestCancelled);
               }))
        {
            var response = await state.Response!.Task.ConfigureAwait(false);
            return new Http3ClientResponse(response, _session.BodySource(state), _session.Materializer, state.Id);
        }
    }

    /// <summary>Ends the connection: CONNECTION_CLOSE with H3_NO_ERROR (RFC 9114 §5.2, §8.1).</summary>
    public Task<QuicCloseInfo> CloseAsync() => _session.Quic.CloseAsync((long)Http3ErrorCode.NoError, "done");

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    public override string ToString() => $"Http3ClientConnection({Connection})";
}
