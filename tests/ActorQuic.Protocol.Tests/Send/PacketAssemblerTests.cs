using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Send;

public class PacketAssemblerTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromMilliseconds(10);

    private static byte[] Bytes(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Client_initial_is_padded_to_1200_and_opens_with_initial_secrets()
    {
        using var f = new SenderFixture(isServer: false, levels: EncryptionLevel.Initial);
        f.Assembler.Token = new byte[] { 1, 2, 3 };
        var hello = Bytes(300);
        f.Frames.WriteCrypto(EncryptionLevel.Initial, hello);

        var datagram = f.Build(T0);

        Assert.Equal(1200, datagram.Length);
        var packets = f.Open(datagram);
        var initial = Assert.Single(packets);
        Assert.Equal(PacketType.Initial, initial.Type);
        Assert.Equal(0UL, initial.PacketNumber);
        Assert.True(initial.AckEliciting);
        var crypto = Assert.Single(initial.CryptoFrames);
        Assert.Equal(0UL, crypto.Offset);
        Assert.Equal(hello, crypto.Data.ToArray());
        // The padding lies inside the packet (RFC 9000 §14.1), after the CRYPTO frame.
        Assert.IsType<PaddingFrame>(initial.Frames[^1]);
        Assert.Equal(1200, initial.Length);

        var sent = Assert.Single(f.Sent);
        Assert.Equal(1200, sent.Size);
        Assert.True(sent.AckEliciting);
        Assert.True(sent.InFlight);
        Assert.Equal(EncryptionLevel.Initial, sent.Payload.Level);
        Assert.Equal(new SentCryptoRange(0, 300), Assert.Single(sent.Payload.CryptoRanges.ToArray()));
        Assert.Empty(f.Build(T0));
    }

    [Fact]
    public void Client_ack_only_initial_is_padded_too_but_server_ack_only_initial_is_not()
    {
        using var client = new SenderFixture(isServer: false, levels: EncryptionLevel.Initial);
        client.Frames.SetAck(PacketNumberSpace.Initial, [new AckRange(0, 0)], 0, sendNow: true);
        var datagram = client.Build(T0);
        Assert.Equal(1200, datagram.Length);
        var packet = Assert.Single(client.Open(datagram));
        Assert.False(packet.AckEliciting);
        Assert.True(client.Sent[0].InFlight); // PADDING makes it count (RFC 9002 §2)

        using var server = new SenderFixture(isServer: true, levels: EncryptionLevel.Initial);
        server.Frames.SetAck(PacketNumberSpace.Initial, [new AckRange(0, 0)], 0, sendNow: true);
        datagram = server.Build(T0);
        Assert.True(datagram.Length < 100);
        var ack = Assert.IsType<AckFrame>(Assert.Single(Assert.Single(server.Open(datagram)).Frames));
        Assert.Equal(0UL, ack.LargestAcknowledged);
        Assert.False(server.Sent[0].InFlight);
    }

    [Fact]
    public void Coalesces_initial_handshake_and_one_rtt_in_level_order()
    {
        using var f = new SenderFixture(isServer: true, levels: [EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.OneRtt]);
        f.Frames.SetAck(PacketNumberSpace.Initial, [new AckRange(0, 1)], 0, sendNow: true);
        f.Frames.WriteCrypto(EncryptionLevel.Initial, Bytes(90, 1));
        f.Frames.WriteCrypto(EncryptionLevel.Handshake, Bytes(400, 2));
        f.Frames.OpenStream(1, 1000);
        f.Frames.WriteStream(1, Bytes(100, 3), fin: true);

        var datagram = f.Build(T0);
        var packets = f.Open(datagram);

        Assert.Equal([PacketType.Initial, PacketType.Handshake, PacketType.OneRtt], packets.Select(p => p.Type));
        Assert.Equal(datagram.Length, packets.Sum(p => p.Length));
        Assert.IsType<AckFrame>(packets[0].Frames[0]); // ACK first
        Assert.Equal(Bytes(90, 1), Assert.Single(packets[0].CryptoFrames).Data.ToArray());
        Assert.Equal(Bytes(400, 2), Assert.Single(packets[1].CryptoFrames).Data.ToArray());
        var stream = Assert.Single(packets[2].StreamFrames);
        Assert.Equal(1UL, stream.StreamId);
        Assert.True(stream.Fin);
        Assert.Equal(Bytes(100, 3), stream.Data.ToArray());
        // A server datagram with an ack-eliciting Initial is expanded to 1200 (RFC 9000 §14.1), in its last packet.
        Assert.Equal(1200, datagram.Length);
        Assert.IsType<PaddingFrame>(packets[2].Frames[^1]);
        Assert.Equal([EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.OneRtt], f.Sent.Select(s => s.Payload.Level));
        Assert.Equal(packets.Select(p => p.Length), f.Sent.Select(s => s.Size));
        Assert.Contains(f.DrainEvents(), e => e is { Kind: SenderEventKind.AckSent, Space: PacketNumberSpace.Initial, Value: 1 });
    }

    [Fact]
    public void Packet_numbers_are_per_space_and_zero_rtt_shares_the_application_space()
    {
        using var f = new SenderFixture(isServer: false, levels: [EncryptionLevel.Initial, EncryptionLevel.ZeroRtt]);
        f.Frames.OpenStream(0, 1 << 20);
        for (int i = 0; i < 3; i++)
        {
            f.Frames.WriteCrypto(EncryptionLevel.Initial, Bytes(10));
            f.Frames.WriteStream(0, Bytes(10));
            var packets = f.Open(f.Build(T0));
            Assert.Equal([PacketType.Initial, PacketType.ZeroRtt], packets.Select(p => p.Type));
            Assert.All(packets, p => Assert.Equal((ulong)i, p.PacketNumber));
        }
        f.Install(EncryptionLevel.OneRtt);
        f.Frames.WriteStream(0, Bytes(10));
        var after = Assert.Single(f.Open(f.Build(T0)));
        Assert.Equal(PacketType.OneRtt, after.Type); // no 0-RTT once 1-RTT keys exist
        Assert.Equal(3UL, after.PacketNumber);
    }

    [Fact]
    public void Anti_amplification_budget_bounds_every_datagram()
    {
        using var f = new SenderFixture(isServer: true, levels: [EncryptionLevel.Initial, EncryptionLevel.Handshake]);
        f.Frames.WriteCrypto(EncryptionLevel.Initial, Bytes(100));
        f.Frames.WriteCrypto(EncryptionLevel.Handshake, Bytes(5000, 2));
        long allowance = 3 * 1200; // RFC 9000 §8.1: three times the client's first datagram
        long total = 0;
        while (true)
        {
            var d = f.Build(T0, new SendBudget(1200, long.MaxValue, allowance - total));
            if (d.Length == 0) break;
            total += d.Length;
            f.Open(d);
        }
        Assert.True(total <= allowance, $"sent {total} > {allowance}");
        Assert.True(total > allowance - 100, $"sent only {total}");
        Assert.True(f.Frames.GetCryptoUnsentBytes(EncryptionLevel.Handshake) > 0);

        // Validation lifts the limit: the rest goes out.
        f.BuildAll(T0, SendBudget.Unlimited());
        Assert.Equal(0UL, f.Frames.GetCryptoUnsentBytes(EncryptionLevel.Handshake));
    }

    [Fact]
    public void Server_without_room_for_a_padded_initial_sends_only_its_ack()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.Initial);
        f.Frames.WriteCrypto(EncryptionLevel.Initial, Bytes(100));
        f.Frames.SetAck(PacketNumberSpace.Initial, [new AckRange(0, 0)], 0, sendNow: true);
        var d = f.Build(T0, new SendBudget(1200, long.MaxValue, 600));
        var packet = Assert.Single(f.Open(d));
        Assert.False(packet.AckEliciting);
        Assert.IsType<AckFrame>(Assert.Single(packet.Frames));
        Assert.Equal(100UL, f.Frames.GetCryptoUnsentBytes(EncryptionLevel.Initial));
    }

    [Fact]
    public void Congestion_budget_is_respected_except_by_probes_and_acks()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.OpenStream(1, 1 << 20);
        f.Frames.WriteStream(1, Bytes(10_000));

        long cwnd = 3000;
        long inFlight = 0;
        while (true)
        {
            var d = f.Build(T0, new SendBudget(1200, cwnd - inFlight, long.MaxValue));
            if (d.Length == 0) break;
            inFlight += d.Length;
        }
        Assert.True(inFlight <= cwnd, $"{inFlight} bytes in flight with a {cwnd}-byte window");
        Assert.True(inFlight >= cwnd - 100);

        // No congestion room: an ACK that is due still goes, alone.
        f.Frames.SetAck(PacketNumberSpace.ApplicationData, [new AckRange(0, 4)], 3, sendNow: true);
        var ackOnly = f.Open(f.Build(T0, new SendBudget(1200, 0, long.MaxValue)));
        Assert.IsType<AckFrame>(Assert.Single(Assert.Single(ackOnly).Frames));

        // A probe ignores the window (RFC 9002 §7.5) and carries new data (RFC 9002 §6.2.4).
        f.Frames.RequestProbe(PacketNumberSpace.ApplicationData, 2);
        var probes = new List<OpenedPacket>();
        for (int i = 0; i < 3; i++)
        {
            var d = f.Build(T0, new SendBudget(1200, 0, long.MaxValue));
            if (d.Length > 0) probes.AddRange(f.Open(d));
        }
        Assert.Equal(2, probes.Count);
        Assert.All(probes, p => Assert.True(p.AckEliciting && p.StreamFrames.Any()));
        Assert.Equal(0, f.Frames.GetPendingProbes(PacketNumberSpace.ApplicationData));
    }

    [Fact]
    public void Probe_without_data_is_a_ping()
    {
        using var f = new SenderFixture(isServer: false, levels: EncryptionLevel.Handshake);
        f.Frames.RequestProbe(PacketNumberSpace.Handshake, 1);
        var packet = Assert.Single(f.Open(f.Build(T0, new SendBudget(1200, 0, long.MaxValue))));
        Assert.Equal(PacketType.Handshake, packet.Type);
        Assert.True(packet.AckEliciting);
        Assert.Contains(packet.Frames, x => x is PingFrame);
        Assert.True(f.Sent[0].Payload.HasPing);
        Assert.Empty(f.Build(T0));
    }

    [Fact]
    public void Handshake_probe_resends_unacknowledged_crypto()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.Handshake);
        f.Frames.WriteCrypto(EncryptionLevel.Handshake, Bytes(500));
        f.Open(f.Build(T0));
        Assert.Empty(f.Build(T0));

        f.Frames.RequestProbe(PacketNumberSpace.Handshake, 1);
        var probe = Assert.Single(f.Open(f.Build(T0)));
        var crypto = Assert.Single(probe.CryptoFrames);
        Assert.Equal(0UL, crypto.Offset);
        Assert.Equal(Bytes(500), crypto.Data.ToArray());
        Assert.Equal(1UL, probe.PacketNumber);
    }

    [Fact]
    public void Tiny_packets_are_padded_for_the_header_protection_sample()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
        var d = f.Build(T0);
        var packet = Assert.Single(f.Open(d));
        Assert.Equal(1, packet.PacketNumberLength);
        // PING is 1 byte; RFC 9001 §5.4.2 needs pn length + payload ≥ 4: 2 bytes of PADDING.
        Assert.Equal([typeof(PingFrame), typeof(PaddingFrame)], packet.Frames.Select(x => x.GetType()));
        Assert.Equal(1 + SenderFixture.Dcid.Length + 4 + 16, d.Length);
    }

    [Fact]
    public void Packet_number_length_grows_with_the_unacknowledged_distance()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        var lengths = new List<(ulong Pn, int Length)>();
        for (int i = 0; i < 300; i++)
        {
            f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
            var p = Assert.Single(f.Open(f.Build(T0)));
            lengths.Add((p.PacketNumber, p.PacketNumberLength));
            Assert.Equal(PacketNumberEncoding.GetEncodedLength(p.PacketNumber, null), p.PacketNumberLength);
        }
        Assert.Equal(1, lengths[0].Length);
        Assert.Equal(2, lengths[^1].Length);

        // Acknowledging packet 290 brings the distance back down: one byte again.
        var acked = f.Sent.Single(s => s.PacketNumber == 290);
        f.Ack(acked);
        Assert.Equal(290UL, f.Assembler.GetLargestAcknowledged(PacketNumberSpace.ApplicationData));
        f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
        var next = Assert.Single(f.Open(f.Build(T0)));
        Assert.Equal(300UL, next.PacketNumber);
        Assert.Equal(1, next.PacketNumberLength);
    }

    [Fact]
    public void Key_update_flips_the_key_phase_bit_and_the_peer_opens_with_the_next_keys()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
        var before = Assert.Single(f.Open(f.Build(T0)));
        Assert.False(before.KeyPhase);

        f.Assembler.UpdateKeys();
        Assert.True(f.Assembler.KeyPhase);
        Assert.Equal(1UL, f.Assembler.KeyPhaseStartPacketNumber);
        f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
        var after = Assert.Single(f.Open(f.Build(T0)));
        Assert.True(after.KeyPhase);
        Assert.Equal(1UL, f.Assembler.PacketsProtectedWithCurrentKeys);

        f.Assembler.UpdateKeys();
        f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
        Assert.False(Assert.Single(f.Open(f.Build(T0))).KeyPhase);
    }

    [Fact]
    public void Connection_close_goes_in_every_level_once_and_hides_application_errors_before_one_rtt()
    {
        using var f = new SenderFixture(isServer: true, levels: [EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.OneRtt]);
        f.Frames.OpenStream(1, 1000);
        f.Frames.WriteStream(1, Bytes(50));
        f.Frames.QueueConnectionClose(ConnectionCloseFrame.ForApplicationError(7, "bye"u8.ToArray()));

        var packets = f.Open(f.Build(T0));

        Assert.Equal([PacketType.Initial, PacketType.Handshake, PacketType.OneRtt], packets.Select(p => p.Type));
        var closes = packets.Select(p => Assert.IsType<ConnectionCloseFrame>(Assert.Single(p.Frames))).ToList();
        Assert.All(closes.Take(2), c => Assert.Equal(((ulong)TransportErrorCode.ApplicationError, false, 0), (c.ErrorCode, c.IsApplicationError, c.ReasonPhrase.Length)));
        Assert.Equal((7UL, true, "bye"), (closes[2].ErrorCode, closes[2].IsApplicationError, closes[2].GetReasonString()));
        Assert.All(f.Sent, s => Assert.False(s.AckEliciting));
        Assert.All(f.Sent, s => Assert.True(s.Payload.HasConnectionClose));

        // One close per arming; then regular sending resumes only if the owner wants it.
        Assert.False(f.Frames.IsCloseArmed);
        f.Frames.QueueConnectionClose(ConnectionCloseFrame.ForTransportError(TransportErrorCode.ProtocolViolation));
        Assert.Equal(3, f.Open(f.Build(T0)).Count);
    }

    [Fact]
    public void Discarded_level_sends_nothing_more_and_drops_its_crypto()
    {
        using var f = new SenderFixture(isServer: false, levels: [EncryptionLevel.Initial, EncryptionLevel.Handshake]);
        f.Frames.WriteCrypto(EncryptionLevel.Initial, Bytes(100));
        f.Frames.WriteCrypto(EncryptionLevel.Handshake, Bytes(50));
        f.Assembler.DiscardKeys(EncryptionLevel.Initial);
        Assert.False(f.Assembler.HasKeys(EncryptionLevel.Initial));
        Assert.Equal(0UL, f.Frames.GetCryptoBufferedBytes(EncryptionLevel.Initial));
        var d = f.Build(T0);
        var packet = Assert.Single(f.Open(d));
        Assert.Equal(PacketType.Handshake, packet.Type);
        Assert.True(d.Length < 1200); // no Initial, no padding
        Assert.Throws<InvalidOperationException>(() => f.Frames.WriteCrypto(EncryptionLevel.Initial, Bytes(1)));
    }

    [Fact]
    public void Ack_frame_rides_along_but_only_a_due_ack_makes_its_own_packet()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.SetAck(PacketNumberSpace.ApplicationData, [new AckRange(5, 9), new AckRange(0, 2)], 10, sendNow: false);
        Assert.Empty(f.Build(T0));

        f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
        var packet = Assert.Single(f.Open(f.Build(T0)));
        var ack = Assert.IsType<AckFrame>(packet.Frames[0]);
        Assert.Equal((9UL, 10UL, 1), (ack.LargestAcknowledged, ack.AckDelay, ack.AckRangeCount));
        Assert.Equal(9UL, f.Sent[0].Payload.AckLargest);

        f.Ack(f.Sent[0]);
        Assert.Contains(f.DrainEvents(), e => e is { Kind: SenderEventKind.AckFrameAcknowledged, Value: 9, Space: PacketNumberSpace.ApplicationData });
    }

    [Fact]
    public void Rejects_datagram_sizes_below_1200()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Build(T0, new SendBudget(1000, long.MaxValue, long.MaxValue)));
    }
}
