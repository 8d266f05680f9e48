using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

public sealed partial class OutgoingFrames
{
    /// <summary>
    /// Whether <paramref name="level"/> has anything for a packet: a due ACK, the closing frame,
    /// or ack-eliciting work (a pending ACK alone waits to ride along).
    /// </summary>
    internal bool HasWork(EncryptionLevel level, PacketType packetType, bool probe, bool closing)
    {
        var space = level.ToPacketNumberSpace();
        if (closing) return level != EncryptionLevel.ZeroRtt;
        if (level != EncryptionLevel.ZeroRtt && _acks[(int)space].Pending && _acks[(int)space].SendNow) return true;
        return HasAckElicitingWork(level, packetType, probe);
    }

    /// <summary>
    /// Fills one packet's payload in priority order: ACK, CONNECTION_CLOSE (closing only),
    /// CRYPTO, control frames, HANDSHAKE_DONE, DATAGRAM, STREAM, then PING when a probe or
    /// keep-alive found nothing else ack-eliciting. Returns whether the packet is ack-eliciting.
    /// </summary>
    internal bool WriteFrames(in PacketFrameContext ctx, ref QuicWriter w, SentFrames sent)
    {
        var space = ctx.Level.ToPacketNumberSpace();
        var ack = _acks[(int)space];
        // RFC 9000 §12.4: ACK frames cannot go in 0-RTT; the application space's ACK rides 1-RTT.
        bool ackAllowed = ctx.Level != EncryptionLevel.ZeroRtt && ack.Pending;

        if (ctx.Closing)
        {
            if (ackAllowed) WriteAck(space, ack, ref w, sent);
            WriteClose(ctx.PacketType, ref w, sent);
            return false;
        }

        int limit = ctx.ElicitingLimit;
        if (ackAllowed && (ack.SendNow || (limit > w.Position && HasAckElicitingWork(ctx.Level, ctx.PacketType, ctx.Probe))))
            WriteAck(space, ack, ref w, sent);

        bool ackEliciting = WriteCrypto(ctx.Level, ref w, limit, sent);
        if (ctx.Level is EncryptionLevel.ZeroRtt or EncryptionLevel.OneRtt)
        {
            if (HasControlWork(ctx.PacketType)) ackEliciting |= WriteControlFrames(ctx.PacketType, ref w, limit, sent);
            if (_datagrams.Count > 0)
            {
                int count = WriteDatagrams(ref w, limit, ctx.LargestDatagramFrame, ctx.Now);
                sent.DatagramCount += count;
                ackEliciting |= count > 0;
            }
            if (_scheduled.Count > 0) ackEliciting |= WriteStreamFrames(ref w, limit, sent);
            // BLOCKED frames raised while scheduling streams go in the same packet when they fit.
            if (_controlQueue.Count > 0) ackEliciting |= WriteControlFrames(ctx.PacketType, ref w, limit, sent);
        }

        if (!ackEliciting && (ctx.Probe || _pingRequested[(int)space]) && limit - w.Position >= 1)
        {
            default(PingFrame).Encode(ref w);
            sent.HasPing = true;
            ackEliciting = true;
        }
        if (ackEliciting)
        {
            _pingRequested[(int)space] = false;
            if (ctx.Probe && _probes[(int)space] > 0) _probes[(int)space]--;
        }
        return ackEliciting;
    }

    /// <summary>The closing frame went out: disarm it until the owner arms it again.</summary>
    internal void OnCloseSent() => _close = null;

    private bool HasAckElicitingWork(EncryptionLevel level, PacketType packetType, bool probe)
    {
        var space = level.ToPacketNumberSpace();
        if (probe || _pingRequested[(int)space]) return true;
        if (_crypto[(int)level] is { HasDataToSend: true }) return true;
        if (level is not (EncryptionLevel.ZeroRtt or EncryptionLevel.OneRtt)) return false;
        return _scheduled.Count > 0 || _datagrams.Count > 0 || HasControlWork(packetType);
    }

    private void WriteAck(PacketNumberSpace space, PendingAck ack, ref QuicWriter w, SentFrames sent)
    {
        // RFC 9000 §13.2.4: when space is short, the newest ranges matter most.
        int count = AckFrame.CountRangesThatFit(ack.Ranges, ack.EncodedDelay, ack.Ecn, w.Remaining);
        if (count == 0) return;
        AckFrame.Encode(ref w, ack.Ranges[..count], ack.EncodedDelay, ack.Ecn);
        ulong largest = ack.Ranges[0].Largest;
        sent.AckLargest = largest;
        ack.Clear();
        _events.Add(new SenderEvent(SenderEventKind.AckSent, Value: largest, Space: space));
    }

    private void WriteClose(PacketType packetType, ref QuicWriter w, SentFrames sent)
    {
        if (_close is not { } frame) return;
        // RFC 9000 §10.2.3: an application close in an Initial or Handshake packet becomes a
        // transport APPLICATION_ERROR without the reason, which could reveal application state.
        if (frame.IsApplicationError && packetType is PacketType.Initial or PacketType.Handshake)
            frame = ConnectionCloseFrame.ForTransportError(TransportErrorCode.ApplicationError);
        if (frame.GetEncodedLength() > w.Remaining) frame = frame with { ReasonPhrase = default };
        if (frame.GetEncodedLength() > w.Remaining) return;
        frame.Encode(ref w);
        sent.HasConnectionClose = true;
    }

    private bool WriteCrypto(EncryptionLevel level, ref QuicWriter w, int limit, SentFrames sent)
    {
        var buffer = _crypto[(int)level];
        if (buffer is null) return false;
        bool wrote = false;
        while (buffer.HasDataToSend)
        {
            // Sized for the largest possible offset; a retransmitted range starts lower.
            int maxLength = CryptoFrame.GetMaxDataLength(buffer.SentOffset, limit - w.Position);
            if (maxLength <= 0) break;
            if (!buffer.TryGetNextChunk(maxLength, ulong.MaxValue, ulong.MaxValue, out var chunk)) break;
            CryptoFrame.EncodeHeader(ref w, chunk.Offset, chunk.Length);
            buffer.CopyTo(chunk.Offset, w.Reserve(chunk.Length));
            sent.AddCrypto(new SentCryptoRange(chunk.Offset, chunk.Length));
            wrote = true;
        }
        return wrote;
    }
}
