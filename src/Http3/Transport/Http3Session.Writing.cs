using ActorQuic.Http3.Frames;
using ActorQuic.Http3.Messages;
using ActorQuic.Protocol.Wire;
using ActorQuic.Streams;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Transport;

/// <summary>The send side: a header section, then content pulled chunk by chunk into the QUIC stream's Outgoing sink.</summary>
internal sealed partial class Http3Session
{
    /// <summary>Client: registers a request stream and sends the request header section (FIN too when there is no body).</summary>
    internal Http3StreamState BeginRequest(QuicStream stream, Http3Request request, bool hasBody, out List<ByteString> head)
    {
        var state = new Http3StreamState(stream)
        {
            Response = new TaskCompletionSource<Http3Response>(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        lock (_gate)
        {
            _requests[state.Id] = state;
            if (!_h3.SendRequest(state.Id, request, endStream: !hasBody))
            {
                _requests.Remove(state.Id);
                throw new IOException("the HTTP/3 connection is closed");
            }
            Pump(-1);
            head = state.TakePending();
        }
        return state;
    }

    /// <summary>Server: the response header section; false when the stream is already gone (reset, aborted, closed).</summary>
    internal bool TryBeginResponse(Http3StreamState state, Http3Response response, bool hasBody, out List<ByteString> head)
    {
        lock (_gate)
        {
            if (!_h3.SendResponse(state.Id, response, endStream: !hasBody))
            {
                head = [];
                return false;
            }
            Pump(-1);
            head = state.TakePending();
            return true;
        }
    }

    /// <summary>
    /// Writes <paramref name="head"/>, then <paramref name="body"/> as DATA frames (RFC 9114 §7.2.1)
    /// pulled only as the QUIC stream takes them, then the FIN. The task completes when the peer
    /// acknowledged everything; it fails (and the stream is reset) if the body fails.
    /// </summary>
    internal Task WriteMessage(Http3StreamState state, List<ByteString> head, Source<ByteString, NotUsed>? body)
    {
        var frames = Source.From(head);
        if (body is not null)
        {
            frames = frames
                .Concat(body.Where(chunk => chunk.Count > 0).Select(FrameData))
                .Concat(Source.Single(NotUsed.Instance).SelectMany(_ => Finish(state)));
        }
        var written = frames.RunWith(state.Stream.Outgoing, _materializer);
        written.ContinueWith(t =>
        {
            lock (_gate)
            {
                state.WriteDone = true;
                if (!t.IsCompletedSuccessfully)
                {
                    // The Outgoing sink already reset the stream: the peer sees an incomplete message (RFC 9114 §4.1.1).
                    state.Response?.TrySetException(t.Exception!.GetBaseException());
                }
                ReleaseIfDone(state);
            }
        }, TaskScheduler.Default);
        return written;
    }

    /// <summary>
    /// One DATA frame: its header plus the chunk as a rope (no copy here). The connection only
    /// tracks that headers went first and when our side ends, so content bypasses it.
    /// </summary>
    private static ByteString FrameData(ByteString chunk)
    {
        var header = new byte[DataFrame.GetHeaderLength((ulong)chunk.Count)];
        var w = new QuicWriter(header);
        DataFrame.EncodeHeader(ref w, (ulong)chunk.Count);
        return ByteString.FromBytes(header).Concat(chunk);
    }

    /// <summary>Ends our side in the connection's books; the Outgoing sink's completion carries the FIN.</summary>
    private List<ByteString> Finish(Http3StreamState state)
    {
        lock (_gate)
        {
            if (!_h3.SendData(state.Id, ReadOnlySpan<byte>.Empty, endStream: true))
                throw new IOException($"stream {state.Id} is gone (reset or connection closed)");
            Pump(-1);
            return state.TakePending();
        }
    }
}
