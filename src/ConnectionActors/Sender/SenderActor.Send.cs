using System.Buffers;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Transport;

using Akka.Actor;
using Akka.Event;

namespace ActorQuic.ConnectionActors;

public sealed partial class SenderActor
{
    /// <summary>A burst ends here even with budget left, so one flush cannot monopolise the thread.</summary>
    private const int MaxDatagramsPerFlush = 256;

    /// <summary>Datagrams built before one PacketsSent and their socket sends (see <see cref="Flush"/>).</summary>
    private const int DatagramsPerBatch = 8;

    private void Flush()
    {
        _flushRequested = false;
        // After termination only an armed CONNECTION_CLOSE may go out (RFC 9000 §10.2).
        if (_stopped && !_frames.IsCloseArmed) return;
        if (_heldForEarlyData && !_frames.IsCloseArmed) return; // SenderActor.EarlyData.cs

        MaybeInitiateKeyUpdate();
        TimeSpan now = _clock.Now;
        bool ackEliciting = false, handshake = false, close = false, emptied = false;
        long congestion = 0, amplification = 0;
        TimeSpan? pacedUntil = null;
        // Datagrams are built back to back into a rented staging area and go out DatagramsPerBatch
        // at a time, so the resender hears of a whole batch in one PacketsSent (one array and one
        // message per batch, not per datagram) — still before any of the batch reaches the socket —
        // and runs of equal-size datagrams leave in one system call (UDP GSO, see SendBatch).
        int slot = _localMaxDatagramSize;
        byte[] staging = ArrayPool<byte>.Shared.Rent(DatagramsPerBatch * slot);
        Span<int> lengths = stackalloc int[DatagramsPerBatch];
        int batched = 0, staged = 0;
        long batchInFlight = 0;
        try
        {
            for (int datagrams = 0; datagrams < MaxDatagramsPerFlush; datagrams++)
            {
                congestion = _congestionAvailable - (_inFlightBytesSent - _inFlightBytesAccounted);
                amplification = _addressValidated ? long.MaxValue : 3 * _amplificationReceived - _amplificationSent;
                long allowed = PacedCongestionBudget(congestion, now, out pacedUntil);
                int firstNew = _sent.Count;
                int length = _assembler.BuildDatagram(staging.AsSpan(staged, slot), now,
                    new SendBudget(_maxDatagramSize, allowed, amplification), _sent);
                if (length == 0)
                {
                    emptied = true;
                    break;
                }
                long datagramInFlight = 0;
                for (int i = firstNew; i < _sent.Count; i++)
                {
                    var packet = _sent[i];
                    if (packet.InFlight) datagramInFlight += packet.Size;
                    ackEliciting |= packet.AckEliciting;
                    handshake |= packet.Payload.Level == EncryptionLevel.Handshake;
                    close |= packet.Payload.HasConnectionClose;
                }
                lengths[batched++] = length;
                staged += length;
                batchInFlight += datagramInFlight;
                _amplificationSent += length;
                _inFlightBytesSent += datagramInFlight;
                OnDatagramPaced(datagramInFlight, now);
                if (_stopped) break;
                if (batched == DatagramsPerBatch)
                {
                    SendBatch(staging, lengths[..batched], batchInFlight);
                    batched = 0;
                    staged = 0;
                    batchInFlight = 0;
                }
            }
            if (batched > 0) SendBatch(staging, lengths[..batched], batchInFlight);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(staging);
        }
        if (ackEliciting || handshake || close)
            Context.Parent.Tell(new PacketsWentOut(ackEliciting, handshake, close));
        if (emptied) OnBurstEnded(congestion, amplification, pacedUntil);
        else if (!_stopped) RequestFlush(); // the burst hit its cap: continue after the mailbox had its turn
        DrainEvents();
    }

    /// <param name="staging">The batch's datagrams back to back, of <paramref name="lengths"/>.</param>
    private void SendBatch(byte[] staging, ReadOnlySpan<int> lengths, long inFlight)
    {
        // The resender must hear of the packets before they reach the wire: on a fast path the
        // peer's ACK (receiver → resender) can otherwise overtake this message and look like an
        // ACK of an unsent packet (RFC 9000 §13.1). Ownership of the SentFrames passes with it.
        _resender.Tell(new PacketsSent(_sent.ToArray(), inFlight));
        _sent.Clear();
        int offset = 0;
        for (int i = 0; i < lengths.Length;)
        {
            int end = NextSendRun(lengths, i, out int bytes);
            if (end - i == 1) _transport.Send(staging.AsSpan(offset, bytes), _remote);
            else _transport.SendBatch(staging.AsSpan(offset, bytes), lengths[i], _remote);
            offset += bytes;
            i = end;
        }
    }

    /// <summary>
    /// The run of datagrams from <paramref name="start"/> that one GSO send can carry: datagrams
    /// of the first one's size, optionally closed by one shorter datagram. The kernel cuts such a
    /// run at the segment size, so every datagram keeps its bounds.
    /// </summary>
    /// <returns>The index after the run; <paramref name="bytes"/> is its total length.</returns>
    internal static int NextSendRun(ReadOnlySpan<int> lengths, int start, out int bytes)
    {
        int segment = lengths[start], end = start + 1;
        bytes = segment;
        while (end < lengths.Length && lengths[end] == segment) bytes += lengths[end++];
        if (end < lengths.Length && lengths[end] < segment) bytes += lengths[end++];
        return end;
    }

    private void DrainEvents()
    {
        _frames.DrainEvents(_events);
        foreach (var e in _events)
        {
            switch (e.Kind)
            {
                case SenderEventKind.AckSent:
                    _receiver.Tell(new AckSent(e.Space));
                    break;
                case SenderEventKind.AckFrameAcknowledged:
                    _receiver.Tell(new AckFrameAcknowledged(e.Space, e.Value));
                    break;
                case SenderEventKind.StreamBufferReleased:
                    AddProgress(e.StreamId, (long)e.Value, completed: false, reset: false);
                    break;
                case SenderEventKind.StreamCompleted:
                    AddProgress(e.StreamId, 0, completed: true, reset: false);
                    break;
                case SenderEventKind.StreamResetAcknowledged:
                    AddProgress(e.StreamId, 0, completed: false, reset: true);
                    break;
            }
        }
        _events.Clear();
        // One message per stream per flush: the writer's credit and the terminal state together.
        foreach (var (id, p) in _progress) Context.Parent.Tell(new StreamSendProgress(id, p.Released, p.Completed, p.Reset));
        _progress.Clear();
    }

    private void AddProgress(ulong streamId, long released, bool completed, bool reset)
    {
        var p = _progress.GetValueOrDefault(streamId);
        _progress[streamId] = (p.Released + released, p.Completed || completed, p.Reset || reset);
    }

    private void QueueControl(ActorQuic.Protocol.Connection.StreamControlFrame[] frames)
    {
        foreach (var f in frames)
        {
            switch (f.Kind)
            {
                case ActorQuic.Protocol.Connection.StreamControlFrameKind.MaxData:
                    _frames.QueueMaxData(f.Value);
                    break;
                case ActorQuic.Protocol.Connection.StreamControlFrameKind.MaxStreamData:
                    _frames.QueueMaxStreamData(f.StreamId, f.Value);
                    break;
                case ActorQuic.Protocol.Connection.StreamControlFrameKind.MaxStreams:
                    _frames.QueueMaxStreams(f.Bidirectional, f.Value);
                    break;
                case ActorQuic.Protocol.Connection.StreamControlFrameKind.StopSending:
                    _frames.QueueStopSending(f.StreamId, f.Value);
                    break;
                case ActorQuic.Protocol.Connection.StreamControlFrameKind.StreamsBlocked:
                    _frames.QueueStreamsBlocked(f.Bidirectional, f.Value);
                    break;
            }
        }
    }

    private void OnOpenSendStream(OpenSendStream open)
    {
        if (_frames.HasStream(open.StreamId)) return;
        _frames.OpenStream(open.StreamId, open.PeerMaxStreamData);
    }

    /// <summary>The connection checked the stream may be written; anything else is a late write after the sender forgot it.</summary>
    private void OnWriteStream(WriteStream write)
    {
        if (!_frames.HasStream(write.StreamId))
        {
            _log.Warning("write to stream {0}, which has no live sending part here: ignored", write.StreamId);
            return;
        }
        try
        {
            _frames.WriteStream(write.StreamId, write.Data, write.Fin);
        }
        catch (InvalidOperationException error)
        {
            // Written after the FIN or a reset: the application's mistake must not fail the connection.
            _log.Warning("write to stream {0} refused: {1}", write.StreamId, error.Message);
        }
    }

    /// <summary>RFC 9221 §5: dropped when the peer offered no max_datagram_frame_size or the frame is larger.</summary>
    private void OnSendDatagram(SendDatagram datagram)
    {
        if (!_frames.EnqueueDatagram(datagram.Data, _clock.Now))
            _log.Debug("DATAGRAM of {0} bytes dropped: beyond the peer's max_datagram_frame_size {1}", datagram.Data.Length, _frames.PeerMaxDatagramFrameSize);
    }

    private void OnPeerParameters(TransportParameters peer)
    {
        ApplyPeerMaxUdpPayloadSize(peer.MaxUdpPayloadSize);
        ApplyPeerCredit(peer);
    }

    /// <summary>
    /// The peer's connection credit and datagram size; also from the server's remembered parameters
    /// for 0-RTT (RFC 9000 §7.4.1), when the packet size stays at its default until the real ones come.
    /// </summary>
    private void ApplyPeerCredit(TransportParameters peer)
    {
        _frames.OnPeerMaxData(peer.InitialMaxData);
        _frames.PeerMaxDatagramFrameSize = peer.MaxDatagramFrameSize ?? 0;
    }
}
