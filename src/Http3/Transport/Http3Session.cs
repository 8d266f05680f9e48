using System.Threading.Channels;
using ActorQuic.Http3.Connection;
using ActorQuic.Http3.Messages;
using ActorQuic.Protocol.Streams;
using ActorQuic.Streams;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Transport;

/// <summary>
/// Drives one sans-IO <see cref="Http3Connection"/> over a <see cref="QuicConnection"/>. The
/// connection is not thread-safe, so every call into it happens under <see cref="_gate"/> and is
/// followed by <see cref="Pump"/>, which drains and routes all of its outputs before the lock is
/// released (the queue is empty between calls). Nothing inside the lock waits: stream writes go to
/// channels or to the per-stream pending list the writer takes; received content goes to bounded
/// per-stream channels whose write tasks the stream's reader awaits outside the lock — that wait is
/// what turns a slow application reader into QUIC back-pressure.
/// </summary>
internal sealed partial class Http3Session
{
    private static readonly bool Trace = Environment.GetEnvironmentVariable("ACTORQUIC_H3_TRACE") == "1";
    private readonly object _gate = new();
    private readonly QuicConnection _quic;
    private readonly IMaterializer _materializer;
    private readonly Http3Connection _h3;
    private readonly Dictionary<long, ChannelWriter<ByteString>> _localStreams = new();
    private readonly Dictionary<long, QuicStream> _peerUniStreams = new();
    private readonly Dictionary<long, Http3StreamState> _requests = new();
    private readonly Action<Http3Session, Http3StreamState, Http3Request>? _onRequest;
    private readonly TaskCompletionSource _settingsReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Http3Session(QuicConnection quic, IMaterializer materializer, Http3Connection h3, Action<Http3Session, Http3StreamState, Http3Request>? onRequest)
    {
        _quic = quic;
        _materializer = materializer;
        _h3 = h3;
        _onRequest = onRequest;
    }

    public QuicConnection Quic => _quic;

    public IMaterializer Materializer => _materializer;

    /// <summary>Completes when the peer's SETTINGS arrived (RFC 9114 §6.2.1: first frame of its control stream).</summary>
    public Task SettingsReceived => _settingsReceived.Task;

    /// <summary>The peer's GOAWAY id, if it sent one (RFC 9114 §5.2).</summary>
    public ulong? ReceivedGoawayId
    {
        get { lock (_gate) return _h3.ReceivedGoawayId; }
    }

    /// <summary>Request streams not yet finished in both directions.</summary>
    public int ActiveRequestCount
    {
        get { lock (_gate) return _requests.Count; }
    }

    /// <summary>
    /// Opens our control and QPACK streams (RFC 9114 §6.2.1, RFC 9204 §4.2), starts accepting the
    /// peer's streams and sends SETTINGS. <paramref name="onRequest"/> (server only) is called under
    /// the lock for each validated request: it must only schedule work. It gets the session as an
    /// argument because it can run before this method returns: accepting starts here, and a peer
    /// stream (a request sent in the first flight or in 0-RTT) may be read and dispatched on another
    /// thread before our caller has the returned session.
    /// </summary>
    public static async Task<Http3Session> StartAsync(QuicConnection quic, IMaterializer materializer, bool isServer,
        Action<Http3Session, Http3StreamState, Http3Request>? onRequest, ulong greaseSeed, CancellationToken cancellationToken)
    {
        var control = await quic.OpenUnidirectionalStreamAsync(cancellationToken).ConfigureAwait(false);
        var encoder = await quic.OpenUnidirectionalStreamAsync(cancellationToken).ConfigureAwait(false);
        var decoder = await quic.OpenUnidirectionalStreamAsync(cancellationToken).ConfigureAwait(false);
        var h3 = new Http3Connection(new Http3ConnectionOptions
        {
            Role = isServer ? StreamInitiator.Server : StreamInitiator.Client,
            ControlStreamId = (long)control.Id,
            QpackEncoderStreamId = (long)encoder.Id,
            QpackDecoderStreamId = (long)decoder.Id,
            GreaseSeed = greaseSeed,
        });
        var session = new Http3Session(quic, materializer, h3, onRequest);
        foreach (var stream in (QuicStream[])[control, encoder, decoder])
        {
            // Unbounded: these carry SETTINGS, GOAWAY and QPACK instructions, a few bytes each.
            var channel = Channel.CreateUnbounded<ByteString>(new UnboundedChannelOptions { SingleReader = true });
            session._localStreams.Add((long)stream.Id, channel.Writer);
            _ = ChannelSource.FromReader(channel.Reader).RunWith(stream.Outgoing, materializer)
                .ContinueWith(t => session.OnCriticalStreamEnded(stream, t), TaskScheduler.Default);
        }
        lock (session._gate) session.Pump(-1);
        session.StartAccepting();
        _ = quic.Closed.ContinueWith(t => session.OnConnectionClosed(t.Result), TaskScheduler.Default);
        return session;
    }

    /// <summary>Sends GOAWAY (RFC 9114 §5.2); requests below its id still complete.</summary>
    public void SendGoaway()
    {
        lock (_gate)
        {
            _h3.Shutdown();
            Pump(-1);
        }
    }

    /// <summary>
    /// Routes every queued output of the connection. Returns the task the caller (the reader of
    /// <paramref name="ownStreamId"/>) should await before reading on: the enqueueing of its content.
    /// </summary>
    private Task Pump(long ownStreamId)
    {
        Task own = Task.CompletedTask;
        while (_h3.TryTakeOutput(out var output))
        {
            if (Trace) Console.Error.WriteLine($"H3TRACE {DateTime.UtcNow:ss.fff} {(_quic.IsServer ? "S" : "C")} {output}".Replace("System.Byte[]", "bytes"));
            switch (output)
            {
                case Http3StreamWrite write:
                    if (_localStreams.TryGetValue(write.StreamId, out var local))
                    {
                        if (write.Data.Length > 0) local.TryWrite(ByteString.FromBytes(write.Data));
                    }
                    else if (_requests.TryGetValue(write.StreamId, out var target) && write.Data.Length > 0)
                    {
                        target.PendingWrites.Add(ByteString.FromBytes(write.Data));
                    }
                    break;
                case Http3DataReceived data:
                    if (_requests.TryGetValue(data.StreamId, out var receiver))
                    {
                        receiver.BodyTail = AppendBody(receiver.BodyTail, receiver.Body.Writer,
                            data.Data.Length > 0 ? ByteString.FromBytes(data.Data) : null, data.Fin, null);
                        if (data.StreamId == ownStreamId) own = receiver.BodyTail;
                        if (data.Fin)
                        {
                            // The message is complete only now: a header section blocked on QPACK
                            // (RFC 9204 §2.2.1) can surface long after the stream's FIN was read.
                            receiver.ReadDone = true;
                            ReleaseIfDone(receiver);
                        }
                    }
                    break;
                case Http3RequestReceived request:
                    if (_requests.TryGetValue(request.StreamId, out var requested)) _onRequest?.Invoke(this, requested, request.Request);
                    break;
                case Http3ResponseReceived response:
                    if (_requests.TryGetValue(response.StreamId, out var responded)) responded.Response?.TrySetResult(response.Response);
                    break;
                case Http3TrailersReceived trailers:
                    if (_requests.TryGetValue(trailers.StreamId, out var trailed)) trailed.Trailers = trailers.Trailers;
                    break;
                case Http3AbortStream abort:
                    // RFC 9114 §8: a stream error abandons both directions with the H3 code.
                    if (_requests.Remove(abort.StreamId, out var aborted))
                    {
                        aborted.Stream.Abort(QuicAbortDirection.Both, (long)abort.ErrorCode);
                        Fail(aborted, new Http3ProtocolException(abort.ErrorCode, abort.Reason, isConnectionError: false));
                    }
                    break;
                case Http3StreamResetReceived reset:
                    if (_requests.Remove(reset.StreamId, out var resetState))
                    {
                        resetState.Stream.Abort(QuicAbortDirection.Write, (long)Http3ErrorCode.RequestCancelled);
                        Fail(resetState, new IOException($"the peer reset stream {reset.StreamId} (error 0x{reset.ErrorCode:x})"));
                    }
                    break;
                case Http3StopSending stop:
                    if (_peerUniStreams.TryGetValue(stop.StreamId, out var discarded))
                        discarded.Abort(QuicAbortDirection.Read, (long)stop.ErrorCode);
                    break;
                case Http3CloseConnection close:
                    // RFC 9114 §8: a connection error is CONNECTION_CLOSE with the H3 code.
                    _ = _quic.CloseAsync((long)close.ErrorCode, close.Reason);
                    FailAll(new Http3ProtocolException(close.ErrorCode, close.Reason));
                    break;
                case Http3SettingsReceived:
                    _settingsReceived.TrySetResult();
                    break;
                case Http3GoawayReceived:
                    break; // ReceivedGoawayId is read from the connection; the client refuses new requests above it.
            }
        }
        return own;
    }

    /// <summary>Adds one step to a stream's ordered chain of body writes.</summary>
    private static async Task AppendBody(Task previous, ChannelWriter<ByteString> writer, ByteString? item, bool fin, Exception? error)
    {
        try
        {
            await previous.ConfigureAwait(false);
            if (item is not null) await writer.WriteAsync(item).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The application stopped reading the body; the rest is dropped.
        }
        if (fin || error is not null) writer.TryComplete(error);
    }

    private void Fail(Http3StreamState state, Exception error)
    {
        state.Response?.TrySetException(error);
        // Failing the channel now (not behind the queued writes): the content is incomplete anyway.
        state.Body.Writer.TryComplete(error);
    }

    private void FailAll(Exception error)
    {
        foreach (var state in _requests.Values) Fail(state, error);
        _requests.Clear();
    }

    private void OnConnectionClosed(QuicCloseInfo info)
    {
        lock (_gate) FailAll(new IOException($"the QUIC connection ended: {info}"));
        _settingsReceived.TrySetException(new IOException($"the QUIC connection ended before SETTINGS: {info}"));
    }

    /// <summary>RFC 9114 §6.2.1: our critical streams never end while the connection lives.</summary>
    private void OnCriticalStreamEnded(QuicStream stream, Task written)
    {
        if (_quic.Closed.IsCompleted) return;
        _ = _quic.CloseAsync((long)Http3ErrorCode.ClosedCriticalStream,
            $"our critical stream {stream.Id} ended: {written.Exception?.GetBaseException().Message ?? "completed"}");
    }

    /// <summary>Forgets a request stream once both directions are done.</summary>
    private void ReleaseIfDone(Http3StreamState state)
    {
        if (state.ReadDone && state.WriteDone) _requests.Remove(state.Id);
    }
}
