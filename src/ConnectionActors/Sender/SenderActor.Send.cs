using ActorQuic.Protocol;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Transport;

using Akka.Actor;

namespace ActorQuic.ConnectionActors;

public sealed partial class SenderActor
{
    /// <summary>A burst ends here even with budget left, so one flush cannot monopolise the thread.</summary>
    private const int MaxDatagramsPerFlush = 256;

    private void Flush()
    {
        _flushRequested = false;
        // After termination only an armed CONNECTION_CLOSE may go out (RFC 9000 §10.2).
        if (_stopped && !_frames.IsCloseArmed) return;

        MaybeInitiateKeyUpdate();
        TimeSpan now = _clock.Now;
        bool ackEliciting = false, handshake = false, close = false, emptied = false;
        long congestion = 0, amplification = 0;
        TimeSpan? pacedUntil = null;
        for (int datagrams = 0; datagrams < MaxDatagramsPerFlush; datagrams++)
        {
            congestion = _congestionAvailable - (_inFlightBytesSent - _inFlightBytesAccounted);
            amplification = _addressValidated ? long.MaxValue : 3 * _amplificationReceived - _amplificationSent;
            long allowed = PacedCongestionBudget(congestion, now, out pacedUntil);
            int length = _assembler.BuildDatagram(_buffer, now, new SendBudget(_maxDatagramSize, allowed, amplification), _sent);
            if (length == 0)
            {
                emptied = true;
                break;
            }
            long datagramInFlight = 0;
            foreach (var packet in _sent)
            {
                if (packet.InFlight) datagramInFlight += packet.Size;
                ackEliciting |= packet.AckEliciting;
                handshake |= packet.Payload.Level == EncryptionLevel.Handshake;
                close |= packet.Payload.HasConnectionClose;
            }
            // The resender must hear of the packets before they reach the wire: on a fast path the
            // peer's ACK (receiver → resender) can otherwise overtake this message and look like an
            // ACK of an unsent packet (RFC 9000 §13.1). Ownership of the SentFrames passes with it.
            _resender.Tell(new PacketsSent(_sent.ToArray(), datagramInFlight));
            _sent.Clear();
            _transport.Send(_buffer.AsSpan(0, length), _remote);
            _amplificationSent += length;
            _inFlightBytesSent += datagramInFlight;
            OnDatagramPaced(datagramInFlight, now);
            if (_stopped) break;
        }
        if (ackEliciting || handshake || close)
            Context.Parent.Tell(new PacketsWentOut(ackEliciting, handshake, close));
        if (emptied) OnBurstEnded(congestion, amplification, pacedUntil);
        else if (!_stopped) RequestFlush(); // the burst hit its cap: continue after the mailbox had its turn
        DrainEvents();
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
            }
        }
        _events.Clear();
    }

    private void OnWriteStream(WriteStream write)
    {
        if (!_frames.HasStream(write.StreamId))
        {
            if (_peer is null)
            {
                // The peer's stream limits come with its transport parameters; until then, hold the data.
                if (!_pendingWrites.TryGetValue(write.StreamId, out var list))
                    _pendingWrites[write.StreamId] = list = [];
                list.Add(write);
                return;
            }
            _frames.OpenStream(write.StreamId, GetPeerStreamLimit(_peer, write.StreamId));
        }
        _frames.WriteStream(write.StreamId, write.Data, write.Fin);
    }

    private void OnPeerParameters(TransportParameters peer)
    {
        _peer = peer;
        ApplyPeerMaxUdpPayloadSize(peer.MaxUdpPayloadSize);
        _frames.OnPeerMaxData(peer.InitialMaxData);
        foreach (var (_, writes) in _pendingWrites)
            foreach (var write in writes) OnWriteStream(write);
        _pendingWrites.Clear();
    }

    /// <summary>The peer's initial MAX_STREAM_DATA for a stream we send on (RFC 9000 §18.2).</summary>
    private ulong GetPeerStreamLimit(TransportParameters peer, ulong streamId)
    {
        bool bidirectional = (streamId & 0x2) == 0;
        bool locallyInitiated = (streamId & 0x1) == (_isServer ? 1UL : 0UL);
        if (!bidirectional) return peer.InitialMaxStreamDataUni;
        // Our stream is "remote" to the peer; the peer's own stream is "local" to it.
        return locallyInitiated ? peer.InitialMaxStreamDataBidiRemote : peer.InitialMaxStreamDataBidiLocal;
    }
}
