using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Send;

public class RetransmissionTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromMilliseconds(10);

    private static byte[] Bytes(int length, int seed = 7)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static List<object> FramesOf(SenderFixture f, IEnumerable<byte[]> datagrams) =>
        datagrams.SelectMany(f.Open).SelectMany(p => p.Frames).ToList();

    [Fact]
    public void Lost_stream_ranges_are_resent_exactly_with_new_packet_numbers_before_new_data()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        var data = Bytes(6000);
        f.Frames.OpenStream(1, 1 << 20);
        f.Frames.WriteStream(1, data.AsSpan(0, 4000));
        f.BuildAll(T0);
        Assert.Equal(4, f.Sent.Count);

        // Lose packets 1 and 2; acknowledge 0 and 3.
        var lostRanges = f.Sent.Where(p => p.PacketNumber is 1 or 2).SelectMany(p => p.Payload.StreamRanges.ToArray()).ToList();
        foreach (var p in f.Sent.Where(p => p.PacketNumber is 1 or 2).ToList()) f.Lose(p);
        foreach (var p in f.Sent.ToList()) f.Ack(p);
        f.Frames.WriteStream(1, data.AsSpan(4000), fin: true);

        var resent = f.BuildAll(T0).SelectMany(f.Open).ToList();

        var frames = resent.SelectMany(p => p.StreamFrames).ToList();
        // The lost bytes come first, at their old offsets, then the new bytes.
        ulong lostStart = lostRanges.Min(r => r.Offset);
        ulong lostEnd = lostRanges.Max(r => r.Offset + (ulong)r.Length);
        Assert.Equal(lostStart, frames[0].Offset);
        var retransmitted = frames.TakeWhile(s => s.Offset < lostEnd).ToList();
        Assert.Equal(lostEnd - lostStart, (ulong)retransmitted.Sum(s => s.Data.Length));
        foreach (var s in frames)
            Assert.Equal(data.AsSpan((int)s.Offset, s.Data.Length).ToArray(), s.Data.ToArray());
        Assert.Equal(6000UL, frames.Max(s => s.EndOffset));
        Assert.True(frames[^1].Fin);
        Assert.All(resent, p => Assert.True(p.PacketNumber >= 4));
        // Retransmissions consume no new flow-control credit (RFC 9000 §4.1).
        Assert.Equal(6000UL, f.Frames.ConnectionDataSent);
    }

    [Fact]
    public void Lost_crypto_is_resent_at_its_level_with_new_packet_numbers()
    {
        using var f = new SenderFixture(isServer: true, levels: [EncryptionLevel.Initial, EncryptionLevel.Handshake]);
        var hello = Bytes(150, 1);
        var flight = Bytes(3000, 2);
        f.Frames.WriteCrypto(EncryptionLevel.Initial, hello);
        f.Frames.WriteCrypto(EncryptionLevel.Handshake, flight);
        f.BuildAll(T0);

        var handshakePackets = f.Sent.Where(p => p.Payload.Level == EncryptionLevel.Handshake).ToList();
        var secondHandshake = handshakePackets[1];
        var lost = secondHandshake.Payload.CryptoRanges.ToArray().Single();
        ulong lostPn = secondHandshake.PacketNumber;
        f.Lose(secondHandshake);
        foreach (var p in f.Sent.ToList()) f.Ack(p);
        Assert.Equal(3000 - lost.Offset, f.Frames.GetCryptoBufferedBytes(EncryptionLevel.Handshake)); // held from the gap on

        var packet = Assert.Single(f.BuildAll(T0).SelectMany(f.Open));
        Assert.Equal(PacketType.Handshake, packet.Type);
        Assert.True(packet.PacketNumber > lostPn);
        var crypto = Assert.Single(packet.CryptoFrames);
        Assert.Equal((lost.Offset, lost.Length), (crypto.Offset, crypto.Data.Length));
        Assert.Equal(flight.AsSpan((int)lost.Offset, lost.Length).ToArray(), crypto.Data.ToArray());
        // The retransmission is below 1200 bytes: Handshake packets are not padded.
        f.AckAll();
        Assert.Equal(0UL, f.Frames.GetCryptoBufferedBytes(EncryptionLevel.Handshake));
    }

    [Fact]
    public void Max_data_is_resent_with_the_current_value_and_a_superseded_loss_is_ignored()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.QueueMaxData(1000);
        f.BuildAll(T0);
        var first = f.Sent.Single();

        f.Frames.QueueMaxData(2000);
        f.BuildAll(T0);
        var second = f.Sent.Single(p => p.PacketNumber == 1);

        // The older frame's loss is moot: a newer value was sent since (RFC 9000 §13.3).
        f.Lose(first);
        Assert.Empty(f.BuildAll(T0));

        // The newest one's loss is repaired, with the value current now.
        f.Frames.QueueMaxData(1500); // not an increase: ignored
        f.Lose(second);
        f.Frames.QueueMaxData(3000);
        var frames = FramesOf(f, f.BuildAll(T0));
        Assert.Equal(3000UL, Assert.Single(frames.OfType<MaxDataFrame>()).MaximumData);

        var third = f.Sent.Single();
        f.Ack(third);
        Assert.Empty(f.BuildAll(T0));
    }

    [Fact]
    public void Max_stream_data_and_max_streams_follow_the_same_rules()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.QueueMaxStreamData(4, 100);
        f.Frames.QueueMaxStreamData(8, 200);
        f.Frames.QueueMaxStreams(bidirectional: true, 10);
        var frames = FramesOf(f, f.BuildAll(T0));
        Assert.Equal(2, frames.OfType<MaxStreamDataFrame>().Count());
        Assert.Equal(10UL, Assert.Single(frames.OfType<MaxStreamsFrame>()).MaximumStreams);

        // Stream 8's receiving part reached "Size Known": no more MAX_STREAM_DATA for it.
        f.Frames.StopMaxStreamData(8);
        f.Frames.QueueMaxStreamData(4, 150);
        f.Frames.QueueMaxStreams(bidirectional: true, 12);
        f.Lose(f.Sent.Single());
        frames = FramesOf(f, f.BuildAll(T0));
        Assert.Equal((4UL, 150UL), (Assert.Single(frames.OfType<MaxStreamDataFrame>()).StreamId, frames.OfType<MaxStreamDataFrame>().Single().MaximumStreamData));
        var maxStreams = Assert.Single(frames.OfType<MaxStreamsFrame>());
        Assert.Equal((true, 12UL), (maxStreams.Bidirectional, maxStreams.MaximumStreams));
    }

    [Fact]
    public void Acks_release_buffer_memory_and_report_freed_credit()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.OpenStream(1, 1 << 20);
        f.Frames.WriteStream(1, Bytes(5000), fin: true);
        f.BuildAll(T0);
        var before = f.Frames.GetStreamStatus(1)!.Value;
        Assert.Equal(5000UL, before.BufferedBytes);
        Assert.True(before.AllocatedBytes >= 5000);

        // Acknowledge the first two packets: their bytes are released.
        var ordered = f.Sent.OrderBy(p => p.PacketNumber).ToList();
        ulong firstTwo = (ulong)ordered.Take(2).Sum(p => p.Payload.StreamRanges[0].Length);
        f.Ack(ordered[0]);
        f.Ack(ordered[1]);
        var mid = f.Frames.GetStreamStatus(1)!.Value;
        Assert.Equal(firstTwo, mid.AckedOffset);
        Assert.True(mid.AllocatedBytes < before.AllocatedBytes);
        var released = f.DrainEvents().Where(e => e.Kind == SenderEventKind.StreamBufferReleased).Sum(e => (long)e.Value);
        Assert.Equal((long)firstTwo, released);

        // An out-of-order ack frees nothing until the gap closes.
        f.Ack(ordered[3]);
        Assert.Equal(firstTwo, f.Frames.GetStreamStatus(1)!.Value.AckedOffset);
        f.AckAll();
        var events = f.DrainEvents();
        Assert.Equal(5000 - (long)firstTwo, events.Where(e => e.Kind == SenderEventKind.StreamBufferReleased).Sum(e => (long)e.Value));
        Assert.Contains(events, e => e is { Kind: SenderEventKind.StreamCompleted, StreamId: 1 });
        Assert.Null(f.Frames.GetStreamStatus(1));
    }

    [Fact]
    public void Datagrams_are_never_retransmitted()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.PeerMaxDatagramFrameSize = 1200;
        Assert.True(f.Frames.EnqueueDatagram(Bytes(300, 1), T0));
        Assert.True(f.Frames.EnqueueDatagram(Bytes(300, 2), T0));
        var frames = FramesOf(f, f.BuildAll(T0));
        Assert.Equal([Bytes(300, 1), Bytes(300, 2)], frames.OfType<DatagramFrame>().Select(d => d.Data.ToArray()));
        Assert.Equal(2, f.Sent.Single().Payload.DatagramCount);

        f.Lose(f.Sent.Single());
        Assert.Empty(f.BuildAll(T0));
        Assert.Contains(f.DrainEvents(), e => e is { Kind: SenderEventKind.DatagramsLost, Value: 2 });
    }

    [Fact]
    public void Datagrams_are_dropped_when_too_old_too_large_or_over_the_peer_limit()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.PeerMaxDatagramFrameSize = 1400;
        f.Frames.MaxDatagramAge = TimeSpan.FromMilliseconds(50);
        Assert.False(f.Frames.EnqueueDatagram(Bytes(1500), T0)); // over max_datagram_frame_size (RFC 9221 §3)
        Assert.True(f.Frames.EnqueueDatagram(Bytes(1300), T0));  // fits the peer but no 1200-byte packet
        Assert.True(f.Frames.EnqueueDatagram(Bytes(10, 3), T0));
        Assert.True(f.Frames.EnqueueDatagram(Bytes(10, 4), T0 + TimeSpan.FromMilliseconds(40)));

        var frames = FramesOf(f, f.BuildAll(T0 + TimeSpan.FromMilliseconds(70)));

        Assert.Equal(Bytes(10, 4), Assert.Single(frames.OfType<DatagramFrame>()).Data.ToArray());
        Assert.Equal(2UL, (ulong)f.DrainEvents().Where(e => e.Kind == SenderEventKind.DatagramsDropped).Sum(e => (long)e.Value));
    }

    [Fact]
    public void Handshake_done_connection_ids_and_tokens_are_repeated_path_response_is_not()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        var cid = ConnectionId.FromHex("0102030405060708");
        var token = StatelessResetToken.FromHex("00112233445566778899aabbccddeeff");
        f.Frames.QueueHandshakeDone();
        f.Frames.QueueNewConnectionId(1, 0, cid, token);
        f.Frames.QueueNewToken(new byte[] { 9, 9, 9 });
        f.Frames.QueuePathResponse(0x1122334455667788);
        var first = FramesOf(f, f.BuildAll(T0));
        Assert.Equal(4, first.Count(x => x is not PaddingFrame));

        f.Lose(f.Sent.Single());
        var again = FramesOf(f, f.BuildAll(T0));
        Assert.Contains(again, x => x is HandshakeDoneFrame);
        Assert.Contains(again, x => x is NewConnectionIdFrame n && n.SequenceNumber == 1 && n.ConnectionId == cid && n.StatelessResetToken == token);
        Assert.Contains(again, x => x is NewTokenFrame t && t.Token.Span.SequenceEqual(new byte[] { 9, 9, 9 }));
        Assert.DoesNotContain(again, x => x is PathResponseFrame);

        f.AckAll();
        f.Frames.QueueHandshakeDone(); // already acknowledged: nothing to do
        Assert.Empty(f.BuildAll(T0));
    }

    [Fact]
    public void Blocked_frames_are_repaired_only_while_still_blocked_at_that_limit()
    {
        using var f = new SenderFixture(isServer: true, peerMaxData: 1000, levels: EncryptionLevel.OneRtt);
        f.Frames.OpenStream(1, 1 << 20);
        f.Frames.WriteStream(1, Bytes(2000));
        f.BuildAll(T0);
        var blockedPacket = f.Sent.Single(p => p.Payload.ControlFrames.ToArray().Any(c => c.Kind == ControlFrameKind.DataBlocked));

        f.Lose(blockedPacket);
        var frames = FramesOf(f, f.BuildAll(T0));
        Assert.Equal(1000UL, Assert.Single(frames.OfType<DataBlockedFrame>()).MaximumData);

        var repaired = f.Sent.Single(p => p.Payload.ControlFrames.ToArray().Any(c => c.Kind == ControlFrameKind.DataBlocked));
        f.Frames.OnPeerMaxData(1500);
        f.Lose(repaired);
        frames = FramesOf(f, f.BuildAll(T0));
        // The old DATA_BLOCKED(1000) is stale; the sender is blocked anew at 1500.
        Assert.Equal([1500UL], frames.OfType<DataBlockedFrame>().Select(d => d.MaximumData));
    }

    [Fact]
    public void Stop_sending_repeats_until_acknowledged_or_cancelled()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.QueueStopSending(4, 77);
        f.Frames.QueueStopSending(8, 78);
        var frames = FramesOf(f, f.BuildAll(T0));
        Assert.Equal(2, frames.OfType<StopSendingFrame>().Count());

        f.Frames.CancelStopSending(8); // its receiving part finished meanwhile
        f.Lose(f.Sent.Single());
        frames = FramesOf(f, f.BuildAll(T0));
        Assert.Equal((4UL, 77UL), (Assert.Single(frames.OfType<StopSendingFrame>()).StreamId, frames.OfType<StopSendingFrame>().Single().ApplicationErrorCode));
        f.AckAll();
        f.Frames.QueueStopSending(4, 77); // a new request is a new frame
        Assert.Single(FramesOf(f, f.BuildAll(T0)).OfType<StopSendingFrame>());
    }

    [Fact]
    public void Streams_blocked_is_repaired_until_the_peer_raises_its_limit()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.QueueStreamsBlocked(bidirectional: false, 3);
        Assert.Equal(3UL, Assert.Single(FramesOf(f, f.BuildAll(T0)).OfType<StreamsBlockedFrame>()).MaximumStreams);
        Assert.Contains(f.DrainEvents(), e => e is { Kind: SenderEventKind.StreamsBlockedSent, StreamId: 2, Value: 3 });
        f.Lose(f.Sent.Single());
        Assert.Single(FramesOf(f, f.BuildAll(T0)).OfType<StreamsBlockedFrame>());
        f.Frames.OnPeerMaxStreams(bidirectional: false, 5);
        f.Lose(f.Sent.Single());
        Assert.Empty(f.BuildAll(T0));
    }

    [Fact]
    public void Reporting_a_packet_twice_is_refused()
    {
        using var f = new SenderFixture(isServer: true, levels: EncryptionLevel.OneRtt);
        f.Frames.RequestPing(PacketNumberSpace.ApplicationData);
        f.BuildAll(T0);
        var packet = f.Sent.Single();
        f.Frames.OnPacketAcked(packet.Payload);
        Assert.Throws<InvalidOperationException>(() => f.Frames.OnPacketLost(packet.Payload));
    }
}
