using System.Buffers;
using System.Net.Quic;
using QuicAbortDirection = ActorQuic.Streams.QuicAbortDirection;
using QuicStream = ActorQuic.Streams.QuicStream;
using System.Threading.Channels;
using ActorQuic.Streams;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

// CA1416: System.Net.Quic marks QuicException as platform-specific (msquic); we only read its fields (as src/Streams does).
#pragma warning disable CA1416

namespace ActorQuic.Http3.Transport;

/// <summary>The receive side: the peer's streams and their bytes into the connection, content out to the application.</summary>
internal sealed partial class Http3Session
{
    private void StartAccepting()
    {
        _ = _quic.IncomingStreams.RunForeach(OnIncomingStream, _materializer);
    }

    private void OnIncomingStream(QuicStream stream)
    {
        long id = (long)stream.Id;
        lock (_gate)
        {
            if (stream.IsBidirectional)
            {
                // A request stream (RFC 9114 §6.1): known before its first byte so no output is lost.
                // A server-initiated one at a client is refused by the connection on its first byte.
                if (_quic.IsServer) _requests[id] = new Http3StreamState(stream);
            }
            else
            {
                _peerUniStreams[id] = stream;
            }
        }
        StartReading(stream);
    }

    /// <summary>Feeds a stream's bytes to the connection; one chunk at a time, each only after its content was queued.</summary>
    internal void StartReading(QuicStream stream)
    {
        long id = (long)stream.Id;
        stream.Incoming
            .SelectAsync(1, chunk => OnStreamData(id, chunk))
            .RunWith(Sink.Ignore<NotUsed>(), _materializer)
            .ContinueWith(t => OnReadEnded(id, t), TaskScheduler.Default);
    }

    private async Task<NotUsed> OnStreamData(long id, ByteString chunk)
    {
        Task own;
        lock (_gate)
        {
            // Copied into a pooled buffer: the connection keeps nothing of the span after the call.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(chunk.Count);
            try
            {
                chunk.CopyTo(buffer, 0, chunk.Count);
                _h3.OnStreamData(id, buffer.AsSpan(0, chunk.Count), fin: false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            own = Pump(id);
        }
        await own.ConfigureAwait(false);
        return NotUsed.Instance;
    }

    private void OnReadEnded(long id, Task reading)
    {
        if (Trace) Console.Error.WriteLine($"H3TRACE {DateTime.UtcNow:ss.fff} {(_quic.IsServer ? "S" : "C")} read ended {id}: {reading.Status} {reading.Exception?.GetBaseException().Message}");
        lock (_gate)
        {
            if (reading.IsCompletedSuccessfully)
            {
                _h3.OnStreamData(id, ReadOnlySpan<byte>.Empty, fin: true);
            }
            else if (reading.Exception?.GetBaseException() is QuicException { QuicError: QuicError.StreamAborted } aborted)
            {
                // RESET_STREAM from the peer (RFC 9000 §19.4).
                _h3.OnStreamReset(id, (ulong)(aborted.ApplicationErrorCode ?? 0));
            }
            else
            {
                // The connection ended, or we stopped reading ourselves: nothing more for the connection.
                var error = reading.Exception?.GetBaseException();
                bool ours = error is not null and not QuicException;
                if (ours && _peerUniStreams.ContainsKey(id))
                {
                    // A fault of ours (not the peer's, not QUIC's) lost bytes of a control or QPACK
                    // stream: the connection cannot go on (RFC 9114 §8.1 H3_INTERNAL_ERROR).
                    _ = _quic.CloseAsync((long)Http3ErrorCode.InternalError, $"reading stream {id} failed: {error!.Message}");
                }
                _peerUniStreams.Remove(id);
                if (_requests.TryGetValue(id, out var lost))
                {
                    Fail(lost, error ?? new IOException("reading stopped"));
                    if (ours)
                    {
                        // The message is lost to a fault of ours: tell the peer (RFC 9114 §8, H3_INTERNAL_ERROR)
                        // instead of leaving it waiting for a response until its idle timeout.
                        _requests.Remove(id);
                        lost.Stream.Abort(QuicAbortDirection.Both, (long)Http3ErrorCode.InternalError);
                    }
                    else
                    {
                        lost.ReadDone = true;
                        ReleaseIfDone(lost);
                    }
                }
                Pump(-1);
                return;
            }
            Pump(-1);
        }
    }

    /// <summary>
    /// The content of a message as a Source. Cancelling it before the end stops reading the
    /// stream (STOP_SENDING with H3_REQUEST_CANCELLED, RFC 9114 §4.1.1).
    /// </summary>
    internal Source<ByteString, NotUsed> BodySource(Http3StreamState state)
    {
        var reader = state.Body.Reader;
        return ChannelSource.FromReader(reader).WatchTermination((_, done) =>
        {
            done.ContinueWith(_ =>
            {
                if (reader.Completion.IsCompleted) return;
                state.Stream.Abort(QuicAbortDirection.Read, (long)Http3ErrorCode.RequestCancelled);
                state.Body.Writer.TryComplete();
            }, TaskScheduler.Default);
            return NotUsed.Instance;
        });
    }
}
