using System.Buffers;
using ActorQuic.Http3.Messages;
using ActorQuic.Http3.QPack;
using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Connection;

/// <summary>The receive side of request streams (RFC 9114 §4.1, §6.1), with QPACK blocking (RFC 9204 §2.2.1).</summary>
public sealed partial class Http3Connection
{
    /// <summary>Server: the lowest client bidirectional stream id not yet seen (the GOAWAY id, §5.2).</summary>
    private long _nextClientBidiStreamId;

    /// <summary>
    /// Server: peer request streams already finished or aborted. Grows with the connection's
    /// request count (8 bytes each); the stream layer could prune it once QUIC retires the ids.
    /// </summary>
    private readonly HashSet<long> _retiredPeerStreams = new();

    private void OnRequestStreamData(long streamId, ReadOnlySpan<byte> data, bool fin)
    {
        if (!_requests.TryGetValue(streamId, out var stream))
        {
            if (!TryOpenPeerRequestStream(streamId, out stream)) return;
        }
        if (stream.ReceiveDone) return;

        if (stream.Blocked)
        {
            // Hold everything after a blocked header section until the encoder stream catches up:
            // nothing of the message may surface before its headers (RFC 9204 §2.2.1).
            stream.Pending ??= new ArrayBufferWriter<byte>();
            // QUIC flow control should bound this (see IsStreamBlocked); the cap protects us if it does not.
            if (stream.Pending.WrittenCount + data.Length > _options.MaxBlockedStreamBuffer)
                throw new Http3ProtocolException(Http3ErrorCode.ExcessiveLoad, "too much data behind a blocked header section", isConnectionError: false);
            stream.Pending.Write(data);
            stream.PendingFin |= fin;
            return;
        }
        ProcessRequestBytes(streamId, stream, data, fin);
    }

    /// <summary>First bytes on a stream we did not open: only a server accepts them, and only below its GOAWAY id.</summary>
    private bool TryOpenPeerRequestStream(long streamId, out RequestStream stream)
    {
        stream = null!;
        var initiator = Http3ConnectionOptions.InitiatorOf(streamId);
        // §6.1: HTTP/3 has no server-initiated bidirectional streams.
        _peerStreams.AcceptBidirectional(new StreamId((ulong)streamId));
        if (_role == StreamInitiator.Client || initiator == StreamInitiator.Server)
        {
            // Our own stream that is finished or was never opened: late data after an abort, drop it.
            return false;
        }
        // Late bytes for a stream we finished or aborted (STOP_SENDING may still be in flight).
        if (_retiredPeerStreams.Contains(streamId)) return false;
        // Streams open in id order at the QUIC layer but their data may arrive in any order, so
        // a lower id than the highest seen can still be new (§5.2 GOAWAY counts the highest).
        if (streamId >= _nextClientBidiStreamId) _nextClientBidiStreamId = streamId + 4;
        if (SentGoawayId is { } goaway && (ulong)streamId >= goaway)
        {
            // §5.2: requests at or above the GOAWAY id are not processed.
            Retire(streamId);
            Emit(new Http3AbortStream(streamId, Http3ErrorCode.RequestRejected, "above the GOAWAY id"));
            return false;
        }
        stream = new RequestStream(Http3MessageDirection.Request, _options.MaxFieldSectionFrameLength);
        _requests.Add(streamId, stream);
        return true;
    }

    /// <summary>
    /// Whether the stream waits for QPACK encoder-stream data (RFC 9204 §2.2.1): the stream layer
    /// should stop extending its flow-control credit meanwhile, since we only buffer what arrives.
    /// </summary>
    public bool IsStreamBlocked(long streamId) => _requests.TryGetValue(streamId, out var s) && s.Blocked;

    private void ProcessRequestBytes(long streamId, RequestStream stream, ReadOnlySpan<byte> data, bool fin)
    {
        var reader = stream.Reader;
        while (reader.TryRead(ref data, out var ev))
        {
            if (ev.Part == Http3MessagePart.Content)
            {
                Emit(new Http3DataReceived(streamId, ev.Payload.ToArray(), false));
                continue;
            }
            if (!_decoder.TryDecodeFieldSection(streamId, ev.Payload, out var fields))
            {
                stream.Blocked = true;
                stream.BlockedPart = ev.Part;
                if (!data.IsEmpty || fin)
                {
                    stream.Pending ??= new ArrayBufferWriter<byte>();
                    stream.Pending.Write(data);
                    stream.PendingFin |= fin;
                }
                return;
            }
            OnFieldSection(streamId, stream, ev.Part, fields);
        }
        if (fin) CompleteReceive(streamId, stream);
    }

    private void CompleteReceive(long streamId, RequestStream stream)
    {
        stream.Reader.CompleteStream();
        stream.ReceiveDone = true;
        Emit(new Http3DataReceived(streamId, [], true));
        ReleaseIfDone(streamId, stream);
    }

    private void OnFieldSection(long streamId, RequestStream stream, Http3MessagePart part, IReadOnlyList<HeaderField> decoded)
    {
        var fields = new Http3Field[decoded.Count];
        for (int i = 0; i < fields.Length; i++) fields[i] = new Http3Field(decoded[i].Name, decoded[i].Value);
        var sequence = stream.Reader.Sequence;
        if (part == Http3MessagePart.TrailerSection)
        {
            Emit(new Http3TrailersReceived(streamId, Http3Trailers.FromFields(fields)));
            return;
        }
        if (_role == StreamInitiator.Server)
        {
            var request = Http3Request.FromFields(fields);
            sequence.SetContentLength(request.ContentLength);
            if (request.IsConnect) sequence.BeginTunnel();
            Emit(new Http3RequestReceived(streamId, request));
            return;
        }
        var response = Http3Response.FromFields(fields);
        if (response.IsInterim)
        {
            sequence.OnInterimResponse();
            Emit(new Http3InterimResponseReceived(streamId, response));
            return;
        }
        // §4.1.2: responses to HEAD, 204 and 304 have no content whatever Content-Length says.
        bool noContent = stream.IsHead || response.Status is 204 or 304;
        sequence.SetContentLength(response.ContentLength, noContent);
        Emit(new Http3ResponseReceived(streamId, response));
    }

    /// <summary>Encoder-stream input may unblock held sections: surface them, then replay what waited behind them.</summary>
    private void DeliverUnblockedSections()
    {
        while (_decoder.TryTakeUnblocked(out var section))
        {
            long streamId = section.StreamId;
            if (!_requests.TryGetValue(streamId, out var stream) || !stream.Blocked) continue;
            try
            {
                if (section.Error is { } error) throw error;
                stream.Blocked = false;
                OnFieldSection(streamId, stream, stream.BlockedPart, section.Fields);
                var pending = stream.Pending;
                bool fin = stream.PendingFin;
                stream.Pending = null;
                stream.PendingFin = false;
                ProcessRequestBytes(streamId, stream, pending is null ? default : pending.WrittenSpan, fin);
            }
            catch (Http3ProtocolException e) when (!e.IsConnectionError)
            {
                AbortRequestStream(streamId, e.ErrorCode, e.Reason);
            }
        }
    }

    /// <summary>A stream error (RFC 9114 §8): abort both directions and cancel the stream at the QPACK decoder.</summary>
    private void AbortRequestStream(long streamId, Http3ErrorCode code, string reason)
    {
        if (_requests.TryGetValue(streamId, out var stream))
        {
            stream.Dispose();
            _requests.Remove(streamId);
        }
        Retire(streamId);
        // RFC 9204 §2.2.2.2: abandoning a stream's reading releases its references.
        _decoder.CancelStream(streamId);
        Emit(new Http3AbortStream(streamId, code, reason));
    }

    private void ReleaseIfDone(long streamId, RequestStream stream)
    {
        if (stream.ReceiveDone && stream.SendDone)
        {
            stream.Dispose();
            _requests.Remove(streamId);
            Retire(streamId);
        }
    }

    private void Retire(long streamId)
    {
        if (_role == StreamInitiator.Server && (streamId & 3) == 0) _retiredPeerStreams.Add(streamId);
    }

    /// <summary>One request stream: our receive parser and both directions' progress.</summary>
    private sealed class RequestStream : IDisposable
    {
        public RequestStream(Http3MessageDirection direction, int maxFieldSectionFrameLength) =>
            Reader = new Http3MessageStreamReader(direction, maxFieldSectionFrameLength);

        public Http3MessageStreamReader Reader { get; }
        public bool Blocked;
        public Http3MessagePart BlockedPart;
        public ArrayBufferWriter<byte>? Pending;
        public bool PendingFin;
        public bool ReceiveDone;
        public bool SendDone;
        public bool IsHead;
        public bool HeadersSent;

        public void Dispose() => Reader.Dispose();
    }
}
