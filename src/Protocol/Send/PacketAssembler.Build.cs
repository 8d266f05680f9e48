using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

public sealed partial class PacketAssembler
{
    /// <summary>
    /// Writes one UDP datagram into <paramref name="buffer"/>: at most one packet per level,
    /// coalesced in the order Initial, 0-RTT, Handshake, 1-RTT (RFC 9000 §12.2), each protected
    /// with the level's write keys. Appends a <see cref="SentPacket{T}"/> per packet to
    /// <paramref name="sent"/>, in order. Returns the datagram's length, 0 when there is nothing
    /// to send within <paramref name="budget"/>. Call again for the next datagram of a burst
    /// with the budget reduced by what was sent.
    /// </summary>
    public int BuildDatagram(Span<byte> buffer, TimeSpan now, in SendBudget budget, List<SentPacket<SentFrames>> sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (budget.MaxDatagramSize < SendBudget.MinMaxDatagramSize)
            throw new ArgumentOutOfRangeException(nameof(budget), budget.MaxDatagramSize, "QUIC needs datagrams of at least 1200 bytes (RFC 9000 §14)");

        int hardLimit = (int)Math.Min(Math.Min(buffer.Length, budget.MaxDatagramSize), Math.Max(0L, budget.AmplificationAvailable));
        int congestionLimit = (int)Math.Min(hardLimit, Math.Max(0L, budget.CongestionAvailable));
        bool closing = Frames.IsCloseArmed;

        OpenPacket open = default;
        bool hasOpen = false;
        bool padTo1200 = false;
        int position = 0;
        for (var level = EncryptionLevel.Initial; level <= EncryptionLevel.OneRtt; level++)
        {
            if (!CanSendAt(level, closing)) continue;
            var space = level.ToPacketNumberSpace();
            var type = GetPacketType(level);
            bool probe = !closing && Frames.GetPendingProbes(space) > 0;
            // RFC 9002 §7.5: probes may exceed the congestion window; nothing exceeds the
            // anti-amplification limit (RFC 9000 §8.1).
            int elicitingEnd = probe ? hardLimit : congestionLimit;
            if (level == EncryptionLevel.Initial)
            {
                // RFC 9000 §14.1: a client pads every datagram with an Initial to 1200 bytes, a
                // server every one with an ack-eliciting Initial. Without room for that, a client
                // sends no Initial and a server only an ACK.
                if (!IsServer && hardLimit < MinInitialDatagramSize) continue;
                if (elicitingEnd < MinInitialDatagramSize) elicitingEnd = 0;
            }
            if (!Frames.HasWork(level, type, probe, closing)) continue;
            if (!TryBuildPacket(buffer, position, hardLimit, elicitingEnd, level, type, probe, closing, now, budget.MaxDatagramSize, out var packet))
                continue;
            if (hasOpen) Seal(buffer, open, now, sent);
            open = packet;
            hasOpen = true;
            position = packet.End;
            if (level == EncryptionLevel.Initial && (!IsServer || packet.AckEliciting)) padTo1200 = true;
        }
        if (!hasOpen) return 0;

        if (padTo1200 && position < MinInitialDatagramSize)
        {
            // PADDING must sit inside a packet (RFC 9000 §14.1): grow the last one, which nothing follows.
            int extra = MinInitialDatagramSize - position;
            buffer.Slice(open.PayloadEnd, extra).Clear();
            open = open with { PayloadLength = open.PayloadLength + extra, Padded = true };
            position = open.End;
        }
        Seal(buffer, open, now, sent);
        if (closing) Frames.OnCloseSent();
        return position;
    }

    private bool CanSendAt(EncryptionLevel level, bool closing)
    {
        if (_keys[(int)level] is null) return false;
        // Only clients send 0-RTT, and not once 1-RTT keys exist (RFC 9001 §4.6.1); a closing
        // frame goes in Initial, Handshake and 1-RTT packets (RFC 9000 §10.2.3).
        if (level == EncryptionLevel.ZeroRtt) return !IsServer && !closing && _keys[(int)EncryptionLevel.OneRtt] is null;
        return true;
    }

    private bool TryBuildPacket(
        Span<byte> buffer, int start, int hardLimit, int elicitingEnd, EncryptionLevel level, PacketType type,
        bool probe, bool closing, TimeSpan now, int maxDatagramSize, out OpenPacket packet)
    {
        packet = default;
        var space = level.ToPacketNumberSpace();
        ulong pn = _nextPacketNumber[(int)space];
        if (pn > PacketNumberEncoding.MaxPacketNumber)
            throw new InvalidOperationException("packet numbers are exhausted (RFC 9000 §12.3): the connection must close");
        // RFC 9000 §17.1: enough bits for twice the distance to the largest acknowledged.
        int pnLength = PacketNumberEncoding.GetEncodedLength(pn, _largestAcked[(int)space]);
        ConnectionId dcid = DestinationConnectionId;
        ConnectionId scid = SourceConnectionId;
        bool withToken = type == PacketType.Initial && !IsServer;
        int headerLength = type == PacketType.OneRtt
            ? ShortHeaderWriter.GetHeaderLength(dcid.Length, pnLength)
            : LongHeaderWriter.GetHeaderLength(type, dcid.Length, scid.Length, withToken ? Token.Length : 0, pnLength);

        int payloadStart = start + headerLength;
        int payloadEnd = hardLimit - PacketProtection.TagLength;
        if (type != PacketType.OneRtt)
            payloadEnd = Math.Min(payloadEnd, payloadStart - pnLength + LongHeaderWriter.MaxLengthFieldValue - PacketProtection.TagLength);
        // RFC 9001 §5.4.2: packet number plus payload of at least 4 bytes, for the sample.
        int minPayload = Math.Max(1, PacketProtection.MinPacketNumberAndPayloadLength - pnLength);
        if (payloadEnd - payloadStart < minPayload) return false;

        var frames = Frames.Rent(level);
        var w = new QuicWriter(buffer[payloadStart..payloadEnd]);
        int elicitingLimit = Math.Clamp(elicitingEnd - PacketProtection.TagLength - payloadStart, 0, payloadEnd - payloadStart);
        int largestDatagramFrame = maxDatagramSize - ShortHeaderWriter.GetHeaderLength(dcid.Length, 4) - PacketProtection.TagLength;
        var context = new PacketFrameContext(level, type, elicitingLimit, probe, closing, largestDatagramFrame, now);
        bool ackEliciting = Frames.WriteFrames(context, ref w, frames);
        int payloadLength = w.Position;
        if (payloadLength == 0)
        {
            Frames.Return(frames);
            return false;
        }
        bool padded = false;
        if (payloadLength < minPayload)
        {
            buffer.Slice(payloadStart + payloadLength, minPayload - payloadLength).Clear();
            payloadLength = minPayload;
            padded = true;
        }

        // The header goes in after the frames, so a packet that ends up empty costs nothing.
        Span<byte> packetSpan = buffer[start..];
        int pnOffset = type == PacketType.OneRtt
            ? ShortHeaderWriter.Write(packetSpan, dcid.Span, pn, pnLength, SpinBit, KeyPhase)
            : LongHeaderWriter.Write(packetSpan, Version, type, dcid.Span, scid.Span, withToken ? Token.Span : default, pn, pnLength);
        _nextPacketNumber[(int)space] = pn + 1;
        packet = new OpenPacket(start, pnOffset, pnLength, pn, payloadLength, level, type, frames, ackEliciting, padded);
        return true;
    }

    /// <summary>Fixes the Length field, protects the packet, and reports it as sent.</summary>
    private void Seal(Span<byte> buffer, in OpenPacket open, TimeSpan now, List<SentPacket<SentFrames>> sent)
    {
        var span = buffer.Slice(open.Start, open.Length);
        if (open.Type != PacketType.OneRtt) LongHeaderWriter.PatchLength(span, open.PnOffset, open.Length);
        var keys = _keys[(int)open.Level]!;
        // qlog reads the frames back from the plaintext, so before it is encrypted in place.
        Qlog?.PacketSent(now, open.Type, open.PacketNumber, open.Length, DestinationConnectionId, SourceConnectionId,
            span.Slice(open.PnOffset + open.PnLength, open.PayloadLength));
        keys.Protect(span, open.PnOffset, open.PnLength, open.PacketNumber, open.PayloadLength);
        if (open.Level == EncryptionLevel.OneRtt) PacketsProtectedWithCurrentKeys++;
        // RFC 9002 §2: in flight when ack-eliciting or carrying PADDING.
        sent.Add(new SentPacket<SentFrames>(open.PacketNumber, now, open.Length, open.AckEliciting, open.AckEliciting || open.Padded, open.Frames));
    }

    /// <summary>A packet written but not yet sealed: the last one may still grow by PADDING.</summary>
    private readonly record struct OpenPacket(
        int Start, int PnOffset, int PnLength, ulong PacketNumber, int PayloadLength,
        EncryptionLevel Level, PacketType Type, SentFrames Frames, bool AckEliciting, bool Padded)
    {
        public int PayloadEnd => Start + PnOffset + PnLength + PayloadLength;
        public int Length => PnOffset + PnLength + PayloadLength + PacketProtection.TagLength;
        public int End => Start + Length;
    }
}
