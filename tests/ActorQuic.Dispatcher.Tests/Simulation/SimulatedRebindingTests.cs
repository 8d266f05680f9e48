using System.Net;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Dispatcher.Tests.Transport;
using static ActorQuic.Dispatcher.Tests.Simulation.SimulationFixtures;

namespace ActorQuic.Dispatcher.Tests.Simulation;

public sealed class SimulatedRebindingTests
{
    private static readonly IPEndPoint NewClientAddress = new(IPAddress.Parse("127.0.0.3"), 61_000);

    [Fact]
    public void After_a_rebind_the_peer_sees_the_new_source_and_the_old_address_is_dead()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 5);
        var server = network.AddEndpoint(ServerAddress);
        var client = network.AddEndpoint(ClientAddress);
        var serverSink = new RecordingSink();
        var clientSink = new RecordingSink();
        server.Start(serverSink);
        client.Start(clientSink);

        client.Send(Numbered(1), server.LocalEndPoint);
        network.Rebind(client, NewClientAddress);
        client.Send(Numbered(2), server.LocalEndPoint);

        var seenByServer = serverSink.Snapshot();
        Assert.Equal(ClientAddress, seenByServer[0].Remote);
        Assert.Equal(NewClientAddress, seenByServer[1].Remote);
        Assert.Equal(NewClientAddress, client.LocalEndPoint);

        server.Send(Numbered(3), seenByServer[0].Remote); // old path: lost
        server.Send(Numbered(4), seenByServer[1].Remote); // new path
        Assert.Equal([4], clientSink.Snapshot().Select(r => SequenceOf(r.Data)));
        Assert.Equal(1, network.Statistics.Unroutable);
    }

    [Fact]
    public void Datagrams_in_flight_to_the_old_address_are_lost_unless_it_is_kept()
    {
        foreach (bool keepOld in new[] { false, true })
        {
            var scheduler = NewScheduler();
            var network = new SimulatedNetwork(scheduler, seed: 5)
            {
                DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromMilliseconds(20) },
            };
            var server = network.AddEndpoint(ServerAddress);
            var client = network.AddEndpoint(ClientAddress);
            var clientSink = new RecordingSink();
            client.Start(clientSink);

            server.Send(Numbered(1), ClientAddress);
            network.Rebind(client, NewClientAddress, keepOldAddress: keepOld);
            server.Send(Numbered(2), NewClientAddress);
            scheduler.Advance(TimeSpan.FromMilliseconds(20));

            Assert.Equal(keepOld ? [1, 2] : [2], clientSink.Snapshot().Select(r => SequenceOf(r.Data)));
        }
    }

    [Fact]
    public void Rebinding_onto_an_address_in_use_is_refused()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 5);
        var server = network.AddEndpoint(ServerAddress);
        var client = network.AddEndpoint(ClientAddress);
        Assert.Throws<InvalidOperationException>(() => network.Rebind(client, ServerAddress));
        Assert.Equal(ClientAddress, client.LocalEndPoint);
    }
}
