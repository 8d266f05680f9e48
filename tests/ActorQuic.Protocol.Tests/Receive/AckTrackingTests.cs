using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Receive.ReceiverTestKit;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>Per-space acknowledgment state behind the receiver (RFC 9000 §12.3, §13.2).</summary>
public class AckTrackingTests
{
    private static (PacketReceiver Receiver, PacketProtectionSet Client) Server()
    {
        var receiver = new PacketReceiver(ServerOptions());
        var client = new PacketProtectionSet();
        var (i, ir) = InitialPair(fromClient: true);
        var (h, hr) = KeyPair(31);
        var (a, ar) = KeyPair(32);
        (client.Initial, client.Handshake, client.OneRtt) = (i, h, a);
        receiver.InstallKeys(EncryptionLevel.Initial, ir);
        receiver.InstallKeys(EncryptionLevel.Handshake, hr);
        receiver.InstallKeys(EncryptionLevel.OneRtt, ar);
        receiver.OnHandshakeCompleted();
        return (receiver, client);
    }

    private static byte[] App(PacketProtectionSet client, ulong pn, byte[] payload) => Short(client.OneRtt!, pn, payload, dcid: ServerCid);

    [Fact]
    public void Each_space_keeps_its_own_ranges()
    {
        var (receiver, client) = Server();
        var rec = new Recording();
        receiver.Receive(Concat(
            Long(client.Initial!, PacketType.Initial, 0, Encode(Ping()), dcid: ServerCid),
            Long(client.Initial!, PacketType.Initial, 1, Encode(Ping()), dcid: ServerCid),
            Long(client.Handshake!, PacketType.Handshake, 5, Encode(Ping()), dcid: ServerCid)), Ms(1), rec);
        receiver.Receive(App(client, 0, Encode(Ping())), Ms(2), rec);
        receiver.Receive(App(client, 2, Encode(Ping())), Ms(3), rec);

        Assert.Equal([new AckRange(0, 1)], receiver.AckRanges(PacketNumberSpace.Initial, Ms(3)));
        Assert.Equal([new AckRange(5, 5)], receiver.AckRanges(PacketNumberSpace.Handshake, Ms(3)));
        Assert.Equal([new AckRange(2, 2), new AckRange(0, 0)], receiver.AckRanges(PacketNumberSpace.ApplicationData, Ms(3)));
    }

    [Fact]
    public void Ack_delay_is_encoded_with_our_exponent()
    {
        var options = ServerOptions();
        options.AckDelayExponent = 0;
        var receiver = new PacketReceiver(options);
        var (send, recv) = KeyPair(33);
        receiver.InstallKeys(EncryptionLevel.OneRtt, recv);
        receiver.OnHandshakeCompleted();
        receiver.Receive(Short(send, 0, Encode(Ping()), dcid: ServerCid), Ms(10), new Recording());

        Assert.True(receiver.TryBuildAck(PacketNumberSpace.ApplicationData, Ms(12), new AckRange[4], out int count, out ulong delay));
        Assert.Equal(1, count);
        Assert.Equal(2000UL, delay); // 2 ms in microseconds, exponent 0
    }

    [Fact]
    public void Handshake_spaces_ack_immediately_application_space_waits_for_max_ack_delay()
    {
        var (receiver, client) = Server();
        var rec = new Recording();
        receiver.Receive(Long(client.Handshake!, PacketType.Handshake, 0, Encode(Ping()), dcid: ServerCid), Ms(100), rec);
        Assert.True(receiver.IsAckDue(PacketNumberSpace.Handshake, Ms(100)));
        Assert.Equal(Ms(100), receiver.AckDeadline);
        receiver.OnAckSent(PacketNumberSpace.Handshake);

        receiver.Receive(App(client, 0, Encode(Ping())), Ms(200), rec);
        Assert.False(receiver.IsAckDue(PacketNumberSpace.ApplicationData, Ms(200)));
        Assert.Equal(Ms(225), receiver.AckDeadline);
        // A second ack-eliciting packet makes it due at once (RFC 9000 §13.2.2).
        receiver.Receive(App(client, 1, Encode(Ping())), Ms(201), rec);
        Assert.True(receiver.IsAckDue(PacketNumberSpace.ApplicationData, Ms(201)));
    }

    [Fact]
    public void Non_ack_eliciting_packets_are_recorded_but_do_not_arm_the_ack_timer()
    {
        var (receiver, client) = Server();
        var result = receiver.Receive(App(client, 0, Encode(Ack(3, 0))), Ms(1), new Recording());
        Assert.False(result.AckElicitingReceived);
        Assert.Null(receiver.AckDeadline);
        Assert.True(receiver.GetAckTracker(PacketNumberSpace.ApplicationData).AckPending);
        Assert.Equal([new AckRange(0, 0)], receiver.AckRanges(PacketNumberSpace.ApplicationData, Ms(1)));
    }

    [Fact]
    public void Congestion_experienced_makes_the_ack_due_at_once()
    {
        var (receiver, client) = Server();
        receiver.Receive(App(client, 0, Encode(Ping())), Ms(1), new Recording(), ce: true);
        Assert.True(receiver.IsAckDue(PacketNumberSpace.ApplicationData, Ms(1)));
    }

    [Fact]
    public void Acknowledged_ack_frames_stop_reporting_ranges_but_duplicates_stay_detected()
    {
        var (receiver, client) = Server();
        var rec = new Recording();
        var p0 = App(client, 0, Encode(Ping()));
        receiver.Receive(p0, Ms(1), rec);
        receiver.Receive(App(client, 1, Encode(Ping())), Ms(2), rec);
        ulong? largest = receiver.OnAckSent(PacketNumberSpace.ApplicationData);
        Assert.Equal(1UL, largest);

        receiver.OnAckFrameAcknowledged(PacketNumberSpace.ApplicationData, largest!.Value);

        Assert.Empty(receiver.AckRanges(PacketNumberSpace.ApplicationData, Ms(3)));
        Assert.Equal(1, receiver.Receive(p0, Ms(3), rec).DroppedDuplicate);
        receiver.Receive(App(client, 2, Encode(Ping())), Ms(4), rec);
        Assert.Equal([new AckRange(2, 2)], receiver.AckRanges(PacketNumberSpace.ApplicationData, Ms(4)));
        // Decoding still uses the largest processed, not the forgotten ranges.
        Assert.Equal(2, receiver.GetLargestProcessed(PacketNumberSpace.ApplicationData));
    }
}
