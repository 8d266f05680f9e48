using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Dispatcher.Tests.Transport;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Dispatcher.Tests.Simulation.SimulationFixtures;

namespace ActorQuic.Dispatcher.Tests.Simulation;

public sealed class SimulatedDropRuleTests
{
    private static (SimulatedNetwork, SimulatedTransport Client, SimulatedTransport Server, RecordingSink ServerSink, RecordingSink ClientSink) Pair()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 7);
        var client = network.AddEndpoint(ClientAddress);
        var server = network.AddEndpoint(ServerAddress);
        var serverSink = new RecordingSink();
        var clientSink = new RecordingSink();
        server.Start(serverSink);
        client.Start(clientSink);
        return (network, client, server, serverSink, clientSink);
    }

    [Fact]
    public void The_second_client_Initial_is_dropped_and_nothing_else()
    {
        var (network, client, server, serverSink, _) = Pair();
        network.AddDropRule(DropRules.NthWithFirstPacket(client, PacketType.Initial, 1));

        byte[][] sent =
        [
            LongPacket(PacketType.Initial, packetNumber: 0),
            LongPacket(PacketType.Initial, packetNumber: 1),   // dropped
            LongPacket(PacketType.Handshake, packetNumber: 0),
            LongPacket(PacketType.Initial, packetNumber: 2),
            ShortPacket(),
        ];
        foreach (byte[] datagram in sent)
            client.Send(datagram, server.LocalEndPoint);
        // The server's Initials are not the client's: the rule leaves them alone.
        server.Send(LongPacket(PacketType.Initial), client.LocalEndPoint);

        Assert.Equal([sent[0], sent[2], sent[3], sent[4]], serverSink.Snapshot().Select(r => r.Data));
        Assert.Equal(1, network.Statistics.DroppedByRule);
    }

    [Fact]
    public void Coalesced_Handshake_packets_count_for_the_containing_rule()
    {
        var (network, client, server, _, clientSink) = Pair();
        network.AddDropRule(DropRules.NthContaining(server, PacketType.Handshake, 0));

        byte[] flight = Coalesce(LongPacket(PacketType.Initial), LongPacket(PacketType.Handshake));
        byte[] retransmission = Coalesce(LongPacket(PacketType.Initial, packetNumber: 1), LongPacket(PacketType.Handshake, packetNumber: 1));
        server.Send(LongPacket(PacketType.Initial), client.LocalEndPoint);
        server.Send(flight, client.LocalEndPoint);          // first datagram with a Handshake: dropped
        server.Send(retransmission, client.LocalEndPoint);

        Assert.Equal(2, clientSink.Count);
        Assert.Equal(retransmission, clientSink.Snapshot()[1].Data);
    }

    [Fact]
    public void Drop_by_sender_index_like_DropClientPacket()
    {
        var (network, client, server, serverSink, clientSink) = Pair();
        network.AddDropRule(DropRules.Nth(client, 0, 2));

        for (int i = 0; i < 5; i++)
        {
            client.Send(Numbered(i), server.LocalEndPoint);
            server.Send(Numbered(i), client.LocalEndPoint);
        }

        Assert.Equal([1, 3, 4], serverSink.Snapshot().Select(r => SequenceOf(r.Data)));
        Assert.Equal(5, clientSink.Count);
        Assert.Equal(5, client.DatagramsSent);
    }

    [Fact]
    public void A_switchable_blackout_and_custom_predicates_see_index_and_bytes()
    {
        var (network, client, server, serverSink, _) = Pair();
        bool partitioned = false;
        var seen = new List<(long Index, int Sequence)>();
        network.AddDropRule(d =>
        {
            seen.Add((d.Index, SequenceOf(d.Data.ToArray())));
            return false;
        });
        network.AddDropRule(DropRules.While(client, () => partitioned));

        client.Send(Numbered(10), server.LocalEndPoint);
        partitioned = true;
        client.Send(Numbered(11), server.LocalEndPoint);
        partitioned = false;
        client.Send(Numbered(12), server.LocalEndPoint);

        Assert.Equal([10, 12], serverSink.Snapshot().Select(r => SequenceOf(r.Data)));
        Assert.Equal([(0L, 10), (1L, 11), (2L, 12)], seen);
        network.ClearDropRules();
        partitioned = true;
        client.Send(Numbered(13), server.LocalEndPoint);
        Assert.Equal(3, serverSink.Count);
    }
}
