using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Receive.ReceiverTestKit;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>Packets that arrive before their keys (RFC 9001 §5.7): stash, bound, replay, discard.</summary>
public class StashTests
{
    private static readonly byte[] ServerHello = "server hello"u8.ToArray();
    private static readonly byte[] EncryptedExtensions = "encrypted extensions"u8.ToArray();

    private static (PacketReceiver Receiver, PacketProtection Initial) Client(PacketReceiverOptions? options = null)
    {
        var receiver = new PacketReceiver(options ?? ClientOptions());
        var (send, recv) = InitialPair(fromClient: false);
        receiver.InstallKeys(EncryptionLevel.Initial, recv);
        return (receiver, send);
    }

    [Fact]
    public void Handshake_packet_before_its_keys_is_stashed_then_replayed()
    {
        var (receiver, initial) = Client();
        var (hsSend, hsRecv) = KeyPair(21);
        var rec = new Recording();
        var datagram = Concat(
            Long(initial, PacketType.Initial, 0, Encode(CryptoData(0, ServerHello))),
            Long(hsSend, PacketType.Handshake, 0, Encode(CryptoData(0, EncryptedExtensions))));

        var first = receiver.Receive(datagram, Ms(5), rec);

        Assert.Equal(1, first.PacketsProcessed);
        Assert.Equal(1, first.PacketsStashed);
        Assert.Equal(0, first.PacketsDropped);
        Assert.Equal(1, receiver.GetStashedCount(EncryptionLevel.Handshake));
        Assert.True(receiver.StashedBytes > 0);
        Assert.Single(rec.Crypto);

        // Nothing is ready yet: a replay is a no-op.
        Assert.Equal(0, receiver.Replay(Ms(6), rec).PacketsProcessed);
        receiver.InstallKeys(EncryptionLevel.Handshake, hsRecv);
        var replay = receiver.Replay(Ms(30), rec);

        Assert.Equal(1, replay.PacketsProcessed);
        Assert.Equal(EncryptionLevels.Handshake, replay.ProcessedLevels);
        Assert.Equal(0, receiver.GetStashedCount(EncryptionLevel.Handshake));
        Assert.Equal(0, receiver.StashedBytes);
        Assert.Equal((EncryptionLevel.Handshake, 0UL), (rec.Crypto[1].Level, rec.Crypto[1].Offset));
        Assert.Equal(EncryptedExtensions, rec.Crypto[1].Data);
        // Acknowledged with its arrival time: the ACK delay runs from 5 ms, not 30 ms.
        Assert.Equal(Ms(5), rec.Packets[1].ReceivedAt);
        Assert.Equal([new AckRange(0, 0)], receiver.AckRanges(PacketNumberSpace.Handshake, Ms(30)));
        Assert.Equal(Ms(25), receiver.GetAckTracker(PacketNumberSpace.Handshake).GetAckDelay(Ms(30)));
    }

    [Fact]
    public void One_rtt_packets_wait_for_the_handshake_to_complete_even_with_keys()
    {
        var (receiver, initial) = Client();
        var (appSend, appRecv) = KeyPair(22);
        receiver.InstallKeys(EncryptionLevel.OneRtt, appRecv);
        var rec = new Recording();

        var result = receiver.Receive(Short(appSend, 0, Encode(Stream(1, 0, [42]))), Ms(1), rec);

        Assert.Equal(1, result.PacketsStashed);
        Assert.Empty(rec.Events); // RFC 9001 §5.7: not processed before the handshake completes
        Assert.Equal(0, receiver.Replay(Ms(2), rec).PacketsProcessed);

        receiver.OnHandshakeCompleted();
        var replay = receiver.Replay(Ms(3), rec);

        Assert.Equal(1, replay.PacketsProcessed);
        Assert.Equal([42], Assert.Single(rec.Streams).Data);
    }

    [Fact]
    public void Stash_is_bounded_per_level_and_counts_what_it_refuses()
    {
        var (receiver, _) = Client();
        var (hsSend, hsRecv) = KeyPair(23);
        var rec = new Recording();
        int stashed = 0, refused = 0;
        for (ulong pn = 0; pn < 11; pn++)
        {
            var r = receiver.Receive(Long(hsSend, PacketType.Handshake, pn, Encode(Ping())), Ms(pn), rec);
            stashed += r.PacketsStashed;
            refused += r.DroppedStashFull;
        }

        Assert.Equal(8, stashed);
        Assert.Equal(3, refused);
        Assert.Equal(3, receiver.StashOverflows);
        Assert.Equal(8, receiver.GetStashedCount(EncryptionLevel.Handshake));

        receiver.InstallKeys(EncryptionLevel.Handshake, hsRecv);
        var replay = receiver.Replay(Ms(20), rec);
        Assert.Equal(8, replay.PacketsProcessed);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (ulong)i), rec.Packets.Select(p => p.PacketNumber));
    }

    [Fact]
    public void Stash_is_bounded_in_bytes_over_all_levels()
    {
        var options = ClientOptions();
        options.MaxStashedBytes = 2 * 1000;
        var (receiver, _) = Client(options);
        var (hsSend, _) = KeyPair(24);
        var (appSend, _) = KeyPair(25);
        var big = Encode(Padding(900), Ping());
        var rec = new Recording();

        var a = receiver.Receive(Long(hsSend, PacketType.Handshake, 0, big), Ms(0), rec);
        var b = receiver.Receive(Short(appSend, 0, big), Ms(0), rec);
        var c = receiver.Receive(Short(appSend, 1, big), Ms(0), rec);

        Assert.Equal((1, 1, 0), (a.PacketsStashed, b.PacketsStashed, c.PacketsStashed));
        Assert.Equal(1, c.DroppedStashFull);
        Assert.True(receiver.StashedBytes <= 2000);
    }

    [Fact]
    public void Discarding_a_level_forgets_its_stash()
    {
        var receiver = new PacketReceiver(ServerOptions());
        receiver.InstallKeys(EncryptionLevel.Initial, InitialPair(fromClient: true).Receive);
        var (zeroSend, zeroRecv) = KeyPair(26);
        var rec = new Recording();
        // A server may keep 0-RTT that arrives before the ClientHello is processed (RFC 9001 §5.7).
        var r = receiver.Receive(Long(zeroSend, PacketType.ZeroRtt, 0, Encode(Stream(0, 0, [1])), dcid: ServerCid), Ms(0), rec);
        Assert.Equal(1, r.PacketsStashed);

        // 0-RTT rejected: the keys never come.
        Assert.Equal(1, receiver.DiscardKeys(EncryptionLevel.ZeroRtt));
        Assert.Equal(0, receiver.GetStashedCount(EncryptionLevel.ZeroRtt));
        Assert.Equal(0, receiver.StashedBytes);
        Assert.Equal(1, receiver.Receive(Long(zeroSend, PacketType.ZeroRtt, 1, Encode(Ping()), dcid: ServerCid), Ms(1), rec).DroppedNoKeys);
        Assert.Throws<InvalidOperationException>(() => receiver.InstallKeys(EncryptionLevel.ZeroRtt, zeroRecv));
    }

    [Fact]
    public void Server_replays_zero_rtt_then_one_rtt_in_one_call()
    {
        var receiver = new PacketReceiver(ServerOptions());
        receiver.InstallKeys(EncryptionLevel.Initial, InitialPair(fromClient: true).Receive);
        var (zeroSend, zeroRecv) = KeyPair(27);
        var (appSend, appRecv) = KeyPair(28);
        var rec = new Recording();
        receiver.Receive(Short(appSend, 2, Encode(Stream(0, 3, [4])), dcid: ServerCid), Ms(0), rec);
        receiver.Receive(Long(zeroSend, PacketType.ZeroRtt, 1, Encode(Stream(0, 0, [1, 2, 3])), dcid: ServerCid), Ms(0), rec);

        receiver.InstallKeys(EncryptionLevel.ZeroRtt, zeroRecv);
        receiver.InstallKeys(EncryptionLevel.OneRtt, appRecv);
        receiver.OnHandshakeCompleted();
        var replay = receiver.Replay(Ms(1), rec);

        Assert.Equal(2, replay.PacketsProcessed);
        Assert.Equal(EncryptionLevels.ZeroRtt | EncryptionLevels.OneRtt, replay.ProcessedLevels);
        Assert.Equal([EncryptionLevel.ZeroRtt, EncryptionLevel.OneRtt], rec.Packets.Select(p => p.Level));
        // 0-RTT and 1-RTT share the application space (RFC 9000 §12.3).
        Assert.Equal([new AckRange(1, 2)], receiver.AckRanges(PacketNumberSpace.ApplicationData, Ms(1)));
    }

    [Fact]
    public void Initial_without_keys_is_dropped_not_stashed()
    {
        var receiver = new PacketReceiver(ServerOptions());
        var result = receiver.Receive(Long(InitialPair(fromClient: true).Send, PacketType.Initial, 0, Encode(Ping()), dcid: ServerCid), Ms(0), new Recording());
        Assert.Equal(1, result.DroppedNoKeys);
        Assert.Equal(0, receiver.GetStashedCount(EncryptionLevel.Initial));
    }
}
