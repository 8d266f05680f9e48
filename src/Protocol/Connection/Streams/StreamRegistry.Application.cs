using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Connection;

public sealed partial class StreamRegistry
{
    /// <summary>
    /// Opens our next stream of the given direction if the peer's MAX_STREAMS allows (RFC 9000
    /// §4.6); otherwise returns false and a STREAMS_BLOCKED goes out on the next drain (§19.14).
    /// The owner then opens the stream's sending part in the sender with
    /// <see cref="GetPeerInitialMaxStreamData"/>.
    /// </summary>
    public bool TryOpenStream(bool bidirectional, out StreamId id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_limits.TryOpen(bidirectional ? StreamDirection.Bidirectional : StreamDirection.Unidirectional, out id)) return false;
        CreateStream(id);
        return true;
    }

    /// <summary>
    /// The ID <see cref="TryOpenStream"/> will assign next for the direction (RFC 9000 §2.1:
    /// streams of a type open in order), so an owner can tell a write to a stream it may open
    /// next from one to a stream that can never be ours.
    /// </summary>
    public StreamId GetNextStreamId(bool bidirectional)
    {
        var direction = bidirectional ? StreamDirection.Bidirectional : StreamDirection.Unidirectional;
        return StreamId.FromIndex(LocalRole, direction, _limits.Outgoing(direction).OpenedCount);
    }

    /// <summary>
    /// The sender reports the stream's sending part terminal: all data acknowledged ("Data
    /// Recvd") or our RESET_STREAM acknowledged ("Reset Recvd"), RFC 9000 §3.1. The stream
    /// closes if its receiving part is done too.
    /// </summary>
    public void OnSendSideClosed(StreamId id)
    {
        if (!id.HasSendingPart(LocalRole)) throw new ArgumentException($"stream {id} has no sending part here", nameof(id));
        if (!_streams.TryGetValue(id.Value, out var stream)) return;
        stream.SendOpen = false;
        TryClose(stream);
    }

    /// <summary>
    /// Copies readable bytes of the stream into <paramref name="destination"/> and consumes
    /// them, which is what frees flow-control credit (RFC 9000 §4.2). <paramref name="finished"/>
    /// is true once nothing more will ever be readable (all data read, reset, stopped or closed).
    /// </summary>
    public int Read(StreamId id, Span<byte> destination, out bool finished)
    {
        var stream = GetReceiving(id);
        if (stream is null || stream.ReadingStopped)
        {
            finished = true;
            return 0;
        }
        int n = stream.Buffer!.Read(destination);
        OnConsumed(stream, n);
        finished = stream.ReceiveDone || stream.Buffer.IsFinished;
        CheckAllRead(stream);
        return n;
    }

    /// <inheritdoc cref="Read(StreamId, Span{byte}, out bool)"/>
    public int Read(StreamId id, Span<byte> destination) => Read(id, destination, out _);

    /// <summary>
    /// Zero-copy read: the readable bytes at the read offset, up to the end of one pooled block.
    /// Valid until the next call on this registry; follow with <see cref="Consume"/>.
    /// </summary>
    public ReadOnlySpan<byte> GetReadable(StreamId id)
    {
        var stream = GetReceiving(id);
        if (stream is null || stream.ReadingStopped) return default;
        return stream.Buffer!.GetReadableSpan();
    }

    /// <summary>Marks <paramref name="count"/> bytes from <see cref="GetReadable"/> consumed.</summary>
    public void Consume(StreamId id, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var stream = GetReceiving(id);
        if (count == 0) return;
        if (stream is null || stream.ReadingStopped)
            throw new InvalidOperationException($"stream {id} has nothing to consume");
        stream.Buffer!.Advance(count);
        OnConsumed(stream, count);
        CheckAllRead(stream);
    }

    /// <summary>
    /// The application abandons reading (RFC 9000 §3.5): STOP_SENDING with
    /// <paramref name="applicationErrorCode"/> is queued while the peer may still be sending,
    /// buffered data is dropped and its connection credit returned, and data arriving later is
    /// still checked and counted (RFC 9000 §4.5) but dropped at once. Out-of-order fragments are
    /// held only until the gap before them fills, so we learn when all data has arrived if the
    /// peer finishes the stream instead of resetting it. No reset event follows.
    /// </summary>
    public void StopReading(StreamId id, ulong applicationErrorCode)
    {
        var stream = GetReceiving(id);
        if (stream is null || stream.ReadingStopped || stream.ReceiveDone) return;
        var state = stream.State!;
        if (state.State == ReceiveStreamState.ResetRecvd) return;
        stream.ReadingStopped = true;
        stream.StopSendingCode = applicationErrorCode;
        if (state.CanSendStopSending)
            _controlQueue.Add(StreamControlFrame.StopSending(id.Value, applicationErrorCode));
        DropReadable(stream);
        CheckAllRead(stream);
    }

    /// <summary>The stream's live record for a read-side call; null when it was closed and forgotten.</summary>
    private RegistryStream? GetReceiving(StreamId id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!id.HasReceivingPart(LocalRole))
            throw new InvalidOperationException($"stream {id} has no receiving part here");
        if (_streams.TryGetValue(id.Value, out var stream)) return stream;
        if (!IsCreated(id)) throw new InvalidOperationException($"stream {id} was never opened");
        return null;
    }

    /// <summary>The application consumed bytes: credit for the stream and the connection (RFC 9000 §4.2).</summary>
    private void OnConsumed(RegistryStream stream, int count)
    {
        if (count <= 0) return;
        stream.Flow!.OnConsumed((ulong)count);
        _connectionFlow.OnConsumed((ulong)count);
        QueueCreditCheck(stream);
    }

    /// <summary>
    /// Reading was abandoned: skip what is readable and count everything received as consumed,
    /// so the connection window does not leak (RFC 9000 §4.4, §4.5).
    /// </summary>
    private void DropReadable(RegistryStream stream)
    {
        var buffer = stream.Buffer!;
        ulong readable = buffer.ReadableBytes;
        while (readable > 0)
        {
            int step = (int)Math.Min(readable, int.MaxValue);
            buffer.Advance(step);
            readable -= (ulong)step;
        }
        ReleaseUnconsumed(stream);
    }

    /// <summary>Counts every received byte of the stream consumed and returns it to the connection window.</summary>
    private void ReleaseUnconsumed(RegistryStream stream)
    {
        ulong released = stream.Flow!.ConsumeAll();
        if (released > 0) _connectionFlow.OnConsumed(released);
    }

    /// <summary>
    /// "Data Recvd" → "Data Read" once every byte is consumed and the application has been told
    /// where the stream ends (or stopped reading); then the stream may close (RFC 9000 §3.2, §3.4).
    /// </summary>
    private void CheckAllRead(RegistryStream stream)
    {
        var state = stream.State!;
        if (state.State == ReceiveStreamState.DataRecvd && stream.Buffer!.IsFinished
            && (stream.FinAnnounced || stream.ReadingStopped))
        {
            state.OnAllDataRead();
        }
        TryClose(stream);
    }

    private void QueueCreditCheck(RegistryStream stream)
    {
        if (stream.CreditCheckQueued) return;
        stream.CreditCheckQueued = true;
        _creditChecks.Add(stream);
    }
}
