using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Connection;

public sealed partial class StreamRegistry
{
    /// <summary>
    /// STREAM (RFC 9000 §19.8): validates the stream (§19.8 STREAM_STATE_ERROR, §4.6
    /// STREAM_LIMIT_ERROR), the final size (§4.5 FINAL_SIZE_ERROR) and both flow control
    /// limits (§4.1 FLOW_CONTROL_ERROR), then buffers the data. Frames for closed streams are
    /// ignored (RFC 9000 §3.2: data may arrive after all of it was read).
    /// </summary>
    public void OnStream(in StreamFrame frame)
    {
        ulong frameType = (ulong)frame.Type;
        var stream = Resolve(frame.StreamId, StreamFrameKind.Stream, frameType);
        if (stream is null) return;
        ulong offset = frame.Offset;
        ulong length = (ulong)frame.Data.Length;
        // The decoder already enforces this (RFC 9000 §19.8); repeated so the registry stands alone.
        if (offset > QuicVarint.MaxValue || length > QuicVarint.MaxValue - offset)
            throw new QuicProtocolException(TransportErrorCode.FrameEncodingError, "STREAM frame ends beyond 2^62-1", frameType);
        ulong end = offset + length;

        var state = stream.State!;
        var buffer = stream.Buffer!;
        bool store = state.OnStreamFrame(offset, length, frame.Fin);
        CountReceived(stream, end, frameType);
        bool newlyReadable = store && buffer.Write(offset, frame.Data.Span, frame.Fin);
        AfterReceive(stream, newlyReadable);
    }

    /// <summary>
    /// RESET_STREAM (RFC 9000 §19.4): checks the final size (§4.5) and counts it against flow
    /// control, then discards buffered data and returns its connection credit (§4.5: the final
    /// size counts, unread bytes are released). Reported once, unless the application already
    /// stopped reading; ignored once all data arrived (RFC 9000 §3.2 "Data Recvd").
    /// </summary>
    public void OnResetStream(in ResetStreamFrame frame)
    {
        const ulong frameType = (ulong)FrameType.ResetStream;
        var stream = Resolve(frame.StreamId, StreamFrameKind.ResetStream, frameType);
        if (stream is null) return;
        if (frame.FinalSize > QuicVarint.MaxValue)
            throw new QuicProtocolException(TransportErrorCode.FrameEncodingError, "final size beyond 2^62-1", frameType);
        var state = stream.State!;
        bool reset = state.OnResetReceived(frame.FinalSize);
        CountReceived(stream, frame.FinalSize, frameType);
        if (!reset) return;

        stream.Buffer!.Discard();
        ReleaseUnconsumed(stream);
        if (!stream.ReadingStopped)
            _events.Add(StreamRegistryEvent.StreamResetByPeer(stream.Id, frame.ApplicationErrorCode, frame.FinalSize));
        // The event is how the application reads the reset: "Reset Recvd" → "Reset Read".
        state.OnResetRead();
        TryClose(stream);
    }

    /// <summary>
    /// STOP_SENDING (RFC 9000 §19.5): reported once per stream while our sending part is alive,
    /// so the owner can have the sender reset it (RFC 9000 §3.5).
    /// </summary>
    public void OnStopSending(in StopSendingFrame frame)
    {
        var stream = Resolve(frame.StreamId, StreamFrameKind.StopSending, (ulong)FrameType.StopSending);
        if (stream is null || !stream.SendOpen || stream.StopSendingReported) return;
        stream.StopSendingReported = true;
        _events.Add(StreamRegistryEvent.StopSendingReceived(stream.Id, frame.ApplicationErrorCode));
    }

    /// <summary>
    /// MAX_STREAM_DATA (RFC 9000 §19.10): a receive-only or unopened local stream is
    /// STREAM_STATE_ERROR; a raise for a live sending part is reported, others are ignored
    /// (limits never shrink, RFC 9000 §4.1).
    /// </summary>
    public void OnMaxStreamData(in MaxStreamDataFrame frame)
    {
        var stream = Resolve(frame.StreamId, StreamFrameKind.MaxStreamData, (ulong)FrameType.MaxStreamData);
        if (stream is null || !stream.SendOpen || frame.MaximumStreamData <= stream.PeerSendLimit) return;
        stream.PeerSendLimit = frame.MaximumStreamData;
        _events.Add(StreamRegistryEvent.PeerStreamCreditRaised(stream.Id, frame.MaximumStreamData));
    }

    /// <summary>MAX_STREAMS (RFC 9000 §19.11): above 2^60 is FRAME_ENCODING_ERROR; a raise is reported, others ignored.</summary>
    public void OnMaxStreams(in MaxStreamsFrame frame)
    {
        var outgoing = _limits.Outgoing(frame.Bidirectional ? StreamDirection.Bidirectional : StreamDirection.Unidirectional);
        if (outgoing.OnMaxStreamsReceived(frame.MaximumStreams))
            _events.Add(StreamRegistryEvent.PeerStreamsLimitRaised(frame.Bidirectional, frame.MaximumStreams));
    }

    /// <summary>MAX_DATA (RFC 9000 §19.9): a raise is reported, others ignored.</summary>
    public void OnMaxData(in MaxDataFrame frame)
    {
        if (frame.MaximumData <= _peerMaxData) return;
        _peerMaxData = frame.MaximumData;
        _events.Add(StreamRegistryEvent.PeerConnectionCreditRaised(_peerMaxData));
    }

    /// <summary>
    /// DATA_BLOCKED (RFC 9000 §19.12) is informational: credit follows consumption, not the
    /// peer's wishes, so a blocked peer is exactly the back-pressure we intend.
    /// </summary>
    public void OnDataBlocked(in DataBlockedFrame frame)
    {
        _ = frame;
    }

    /// <summary>
    /// STREAM_DATA_BLOCKED (RFC 9000 §19.13): a send-only or unopened local stream is
    /// STREAM_STATE_ERROR; it may open peer streams; otherwise informational.
    /// </summary>
    public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) =>
        Resolve(frame.StreamId, StreamFrameKind.StreamDataBlocked, (ulong)FrameType.StreamDataBlocked);

    /// <summary>
    /// STREAMS_BLOCKED (RFC 9000 §19.14): above 2^60 is an error (FRAME_ENCODING_ERROR, as the
    /// decoder does); otherwise informational — MAX_STREAMS follows closed streams.
    /// </summary>
    public void OnStreamsBlocked(in StreamsBlockedFrame frame)
    {
        if (frame.MaximumStreams > StreamId.MaxStreamCount)
            throw new QuicProtocolException(TransportErrorCode.FrameEncodingError, "STREAMS_BLOCKED above 2^60", (ulong)frame.Type);
    }

    /// <summary>
    /// Validates a stream-bearing peer frame and opens the peer streams it implies (RFC 9000
    /// §3.2: a stream and every lower-numbered one of its type). Returns the live stream, or
    /// null when it was closed and forgotten.
    /// </summary>
    private RegistryStream? Resolve(ulong rawId, StreamFrameKind kind, ulong frameType)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (rawId > StreamId.MaxValue)
            throw new QuicProtocolException(TransportErrorCode.FrameEncodingError, "stream ID beyond 2^62-1", frameType);
        var id = new StreamId(rawId);
        ulong opened = _limits.OnPeerFrame(id, kind, out var first);
        for (ulong i = 0; i < opened; i++)
        {
            var created = CreateStream(StreamId.FromIndex(id.Type, first.Index + i));
            _events.Add(StreamRegistryEvent.StreamOpenedByPeer(created.Id, created.PeerSendLimit));
        }
        return _streams.GetValueOrDefault(rawId);
    }

    /// <summary>
    /// Counts data up to <paramref name="end"/> against the stream's and the connection's limit:
    /// only the growth of the stream's largest offset counts, so retransmissions and overlaps
    /// are counted once (RFC 9000 §4.1).
    /// </summary>
    private void CountReceived(RegistryStream stream, ulong end, ulong frameType)
    {
        var flow = stream.Flow!;
        if (end <= flow.Received) return;
        if (end > flow.Limit)
            throw new QuicProtocolException(TransportErrorCode.FlowControlError,
                $"stream {stream.Id} data up to {end}, beyond MAX_STREAM_DATA {flow.Limit}", frameType);
        ulong growth = end - flow.Received;
        if (growth > _connectionFlow.PeerCredit)
            throw new QuicProtocolException(TransportErrorCode.FlowControlError,
                $"connection data {_connectionFlow.Received} + {growth}, beyond MAX_DATA {_connectionFlow.Limit}", frameType);
        flow.OnReceivedOffset(end);
        _connectionFlow.OnReceivedBytes(growth);
    }

    /// <summary>
    /// After new data: advance the state (RFC 9000 §3.2 "Size Known" → "Data Recvd"), tell the
    /// application what it can read, or, when it stopped reading, drop the data at once.
    /// </summary>
    private void AfterReceive(RegistryStream stream, bool newlyReadable)
    {
        var state = stream.State!;
        var buffer = stream.Buffer!;
        if (state.State == ReceiveStreamState.SizeKnown && buffer.IsComplete) state.OnAllDataReceived();
        if (stream.ReadingStopped)
        {
            DropReadable(stream);
        }
        else if ((state.State is ReceiveStreamState.Recv or ReceiveStreamState.SizeKnown or ReceiveStreamState.DataRecvd)
                 && (newlyReadable || (buffer.IsComplete && !stream.FinAnnounced)))
        {
            NotifyDataAvailable(stream);
        }
        CheckAllRead(stream);
    }

    /// <summary>Queues (or refreshes the undrained) StreamDataAvailable for the stream.</summary>
    private void NotifyDataAvailable(RegistryStream stream)
    {
        var buffer = stream.Buffer!;
        bool fin = buffer.IsComplete;
        var e = StreamRegistryEvent.StreamDataAvailable(stream.Id, buffer.ReadableBytes, fin);
        if (stream.PendingDataEvent >= 0)
        {
            _events[stream.PendingDataEvent] = e;
        }
        else
        {
            stream.PendingDataEvent = _events.Count;
            _pendingDataEvents.Add(stream);
            _events.Add(e);
        }
        if (fin) stream.FinAnnounced = true;
    }
}
