using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

public sealed partial class OutgoingFrames
{
    private readonly Dictionary<ulong, OutgoingStream> _streams = [];
    // Round-robin: streams that can send now, each taking one frame per turn (fairness across streams).
    private readonly Queue<OutgoingStream> _scheduled = new();
    private readonly SendFlowController _connectionFlow;
    private readonly int _streamBlockSize;

    /// <summary>The peer's MAX_DATA (RFC 9000 §4.1).</summary>
    public ulong PeerMaxData => _connectionFlow.Limit;

    /// <summary>Connection credit used: the sum of the streams' largest offsets sent.</summary>
    public ulong ConnectionDataSent => _connectionFlow.Used;

    /// <summary>Streams with a sending part still tracked (not yet "Data Recvd" or "Reset Recvd").</summary>
    public int StreamCount => _streams.Count;

    /// <summary>Registers the sending part of a stream with the peer's initial MAX_STREAM_DATA for it (RFC 9000 §18.2).</summary>
    public void OpenStream(ulong streamId, ulong peerMaxStreamData)
    {
        if (streamId > StreamId.MaxValue) throw new ArgumentOutOfRangeException(nameof(streamId));
        if (!_streams.TryAdd(streamId, new OutgoingStream(streamId, peerMaxStreamData, _streamBlockSize)))
            throw new InvalidOperationException($"stream {streamId} is already open");
    }

    public bool HasStream(ulong streamId) => _streams.ContainsKey(streamId);

    /// <summary>Appends bytes to a stream; <paramref name="fin"/> ends it (the final size is then known).</summary>
    public void WriteStream(ulong streamId, ReadOnlySpan<byte> data, bool fin = false)
    {
        var stream = GetStream(streamId);
        if (!data.IsEmpty) stream.Buffer.Write(data);
        if (fin) stream.Buffer.Finish();
        Schedule(stream);
    }

    /// <summary>Ends a stream: a FIN follows the data written so far.</summary>
    public void FinishStream(ulong streamId) => WriteStream(streamId, default, fin: true);

    /// <summary>
    /// Abandons a stream with RESET_STREAM (RFC 9000 §19.4): its data is dropped and never
    /// retransmitted (§13.3); the frame carries the bytes sent so far as the final size (§4.5).
    /// Returns false when there is nothing to reset (already reset or all data acknowledged).
    /// </summary>
    public bool ResetStream(ulong streamId, ulong applicationErrorCode)
    {
        if (!_streams.TryGetValue(streamId, out var stream) || !stream.State.OnResetSent()) return false;
        ulong finalSize = stream.Buffer.Reset();
        _controlQueue.Add(ControlFrame.ResetStream(streamId, applicationErrorCode, finalSize));
        return true;
    }

    /// <summary>The peer's MAX_STREAM_DATA for a stream (RFC 9000 §19.10); unknown streams are ignored.</summary>
    public void OnPeerMaxStreamData(ulong streamId, ulong maximumStreamData)
    {
        if (_streams.TryGetValue(streamId, out var stream)
            && stream.State.WantsFlowControlUpdates
            && stream.Flow.OnLimitReceived(maximumStreamData))
            Schedule(stream);
    }

    /// <summary>The peer's MAX_DATA (RFC 9000 §19.9).</summary>
    public void OnPeerMaxData(ulong maximumData)
    {
        if (!_connectionFlow.OnLimitReceived(maximumData)) return;
        // Streams that stopped for connection credit are not in the queue; let them back in.
        foreach (var stream in _streams.Values)
            if (stream.Buffer.UnsentBytes > 0) Schedule(stream);
    }

    /// <summary>A snapshot of a stream's sending part, or null when the sender no longer tracks it.</summary>
    public OutgoingStreamStatus? GetStreamStatus(ulong streamId)
    {
        if (!_streams.TryGetValue(streamId, out var s)) return null;
        var b = s.Buffer;
        return new OutgoingStreamStatus(s.State.State, b.WrittenOffset, b.SentOffset, b.AckedOffset, s.Flow.Limit, b.BufferedBytes, b.AllocatedBytes, b.FinalSize);
    }

    private OutgoingStream GetStream(ulong streamId) =>
        _streams.TryGetValue(streamId, out var stream)
            ? stream
            : throw new InvalidOperationException($"stream {streamId} is not open for sending");

    /// <summary>
    /// Puts a stream in the round-robin queue when it can send, or, when only flow control holds
    /// it back, queues the matching BLOCKED frame once per limit (RFC 9000 §4.1).
    /// </summary>
    private void Schedule(OutgoingStream stream)
    {
        if (stream.Scheduled) return;
        if (stream.CanSend(_connectionFlow.Available))
        {
            stream.Scheduled = true;
            _scheduled.Enqueue(stream);
            return;
        }
        if (!stream.State.CanSendNewData || stream.Buffer.UnsentBytes == 0) return;
        if (stream.Flow.IsBlocked)
        {
            if (stream.Flow.ShouldSendBlocked(hasDataWaiting: true, out ulong limit))
                _controlQueue.Add(ControlFrame.StreamDataBlocked(stream.Id, limit));
        }
        else if (_connectionFlow.IsBlocked && _connectionFlow.ShouldSendBlocked(hasDataWaiting: true, out ulong limit))
        {
            _controlQueue.Add(ControlFrame.DataBlocked(limit));
        }
    }

    /// <summary>
    /// Writes STREAM frames below <paramref name="limit"/>, one per stream per turn, in
    /// round-robin order; lost bytes of a stream go before its new bytes (RFC 9000 §13.3).
    /// </summary>
    private bool WriteStreamFrames(ref QuicWriter w, int limit, SentFrames sent)
    {
        bool wrote = false;
        for (int turns = _scheduled.Count; turns > 0 && _scheduled.Count > 0; turns--)
        {
            var stream = _scheduled.Peek();
            var buffer = stream.Buffer;
            // Size for the largest offset the next chunk can have: a retransmission starts lower.
            int maxLength = StreamFrame.GetMaxDataLength(stream.Id, buffer.SentOffset, limit - w.Position, withLength: true);
            if (maxLength <= 0) break; // the packet is full: this stream keeps its turn for the next one
            _scheduled.Dequeue();
            stream.Scheduled = false;
            if (buffer.TryGetNextChunk(maxLength, stream.Flow.Limit, _connectionFlow.Available, out var chunk))
            {
                if (!chunk.IsRetransmission)
                {
                    // RFC 9000 §4.1: credit counts the largest offset sent, not bytes transmitted.
                    stream.Flow.OnSent((ulong)chunk.Length);
                    _connectionFlow.OnSent((ulong)chunk.Length);
                }
                StreamFrame.EncodeHeader(ref w, stream.Id, chunk.Offset, chunk.Length, chunk.Fin, withLength: true);
                if (chunk.Length > 0) buffer.CopyTo(chunk.Offset, w.Reserve(chunk.Length));
                sent.AddStream(new SentStreamRange(stream.Id, chunk.Offset, chunk.Length, chunk.Fin));
                if (chunk.Fin) stream.State.OnFinSent();
                else stream.State.OnDataSent();
                wrote = true;
            }
            Schedule(stream);
        }
        return wrote;
    }

    private void OnStreamRangeAcked(in SentStreamRange range)
    {
        if (!_streams.TryGetValue(range.StreamId, out var stream)) return;
        var buffer = stream.Buffer;
        ulong before = buffer.AckedOffset;
        bool complete = buffer.OnAcked(range.Offset, range.Length, range.Fin);
        if (buffer.AckedOffset > before)
            _events.Add(new SenderEvent(SenderEventKind.StreamBufferReleased, range.StreamId, buffer.AckedOffset - before));
        if (!complete) return;
        stream.State.OnAllDataAcked();
        _streams.Remove(range.StreamId);
        buffer.Dispose();
        _events.Add(new SenderEvent(SenderEventKind.StreamCompleted, range.StreamId));
    }

    private void OnStreamRangeLost(in SentStreamRange range)
    {
        // After RESET_STREAM no STREAM frame is repaired (RFC 9000 §13.3); the buffer ignores it.
        if (!_streams.TryGetValue(range.StreamId, out var stream)) return;
        stream.Buffer.OnLost(range.Offset, range.Length, range.Fin);
        Schedule(stream);
    }

    private void OnResetAcked(ulong streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream)) return;
        stream.State.OnResetAcked();
        _streams.Remove(streamId);
        stream.Buffer.Dispose();
        _events.Add(new SenderEvent(SenderEventKind.StreamResetAcknowledged, streamId));
    }
}
