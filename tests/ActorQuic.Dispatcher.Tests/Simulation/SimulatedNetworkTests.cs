using System.Net;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Dispatcher.Tests.Transport;
using static ActorQuic.Dispatcher.Tests.Simulation.SimulationFixtures;

namespace ActorQuic.Dispatcher.Tests.Simulation;

public sealed class SimulatedNetworkTests
{
    [Fact]
    public void A_perfect_link_delivers_at_once_in_order_with_the_senders_address()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 1);
        var server = network.AddEndpoint(ServerAddress);
        var client = network.AddEndpoint(ClientAddress);
        var sink = new RecordingSink();
        server.Start(sink);

        for (int i = 0; i < 100; i++)
            Assert.True(client.Send(Numbered(i), server.LocalEndPoint));

        var received = sink.Snapshot();
        Assert.Equal(Enumerable.Range(0, 100), received.Select(r => SequenceOf(r.Data)));
        Assert.All(received, r => Assert.Same(client.Address, r.Remote));
        Assert.Equal(ClientAddress, client.LocalEndPoint);
        Assert.Equal(new SimulatedNetworkStatistics(100, 100, 0, 0, 0, 0, 0, 0, 0, 0), network.Statistics);
    }

    [Fact]
    public void A_batch_through_the_default_SendBatch_arrives_as_separate_datagrams()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 1);
        var server = network.AddEndpoint(ServerAddress);
        IDatagramTransport client = network.AddEndpoint(ClientAddress);
        var sink = new RecordingSink();
        server.Start(sink);
        byte[] batch = new byte[3 * 1200 + 500];
        for (int i = 0; i < batch.Length; i++) batch[i] = (byte)(i / 1200 + 1);

        Assert.Equal(4, client.SendBatch(batch, 1200, server.LocalEndPoint));

        var received = sink.Snapshot();
        Assert.Equal([1200, 1200, 1200, 500], received.Select(r => r.Data.Length));
        Assert.Equal([1, 2, 3, 4], received.Select(r => (int)r.Data[0]));
    }

    [Fact]
    public void Datagrams_sent_before_Start_wait_and_unknown_destinations_are_unroutable()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 1);
        var server = network.AddEndpoint(ServerAddress);
        var client = network.AddEndpoint(ClientAddress);
        client.Send(Numbered(1), server.LocalEndPoint);
        client.Send(Numbered(2), new IPEndPoint(IPAddress.Parse("127.0.0.9"), 1));
        var sink = new RecordingSink();
        server.Start(sink);
        Assert.Equal([1], sink.Snapshot().Select(r => SequenceOf(r.Data)));
        Assert.Equal(1, network.Statistics.Unroutable);
        Assert.Throws<InvalidOperationException>(() => network.AddEndpoint(ServerAddress));
    }

    [Fact]
    public void A_sink_that_replies_is_not_reentered_and_ping_pong_terminates()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 1);
        var a = network.AddEndpoint(ServerAddress);
        var b = network.AddEndpoint(ClientAddress);
        var aSink = new RecordingSink();
        var bSink = new RecordingSink();
        int depth = 0, maxDepth = 0;
        // Each side answers n with n+1 until 1,000: on a zero-delay link that would recurse
        // 1,000 frames deep if delivery were nested instead of queued.
        aSink.OnEach = (d, remote) => Reply(a, d, remote);
        bSink.OnEach = (d, remote) => Reply(b, d, remote);
        a.Start(aSink);
        b.Start(bSink);

        a.Send(Numbered(0), b.LocalEndPoint);

        Assert.Equal(1000, aSink.Count + bSink.Count);
        Assert.True(maxDepth <= 2, $"depth {maxDepth}");
        Assert.Equal(1, aSink.MaxConcurrentCalls);

        void Reply(SimulatedTransport self, ReadOnlySpan<byte> d, EndPoint remote)
        {
            maxDepth = Math.Max(maxDepth, ++depth);
            int n = SequenceOf(d.ToArray());
            if (n < 999)
                self.Send(Numbered(n + 1), remote);
            depth--;
        }
    }

    [Fact]
    public void Per_link_impairments_override_the_default_one_way()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 3);
        var a = network.AddEndpoint(ServerAddress);
        var b = network.AddEndpoint(ClientAddress);
        var aSink = new RecordingSink();
        var bSink = new RecordingSink();
        a.Start(aSink);
        b.Start(bSink);
        network.SetImpairments(a, b, LinkImpairments.None with { LossRate = 1.0 });

        for (int i = 0; i < 10; i++)
        {
            a.Send(Numbered(i), b.LocalEndPoint);
            b.Send(Numbered(i), a.LocalEndPoint);
        }
        Assert.Equal(0, bSink.Count);
        Assert.Equal(10, aSink.Count);
        Assert.Equal(10, network.Statistics.Lost);
    }

    [Fact]
    public void Oversized_datagrams_are_dropped_by_a_link_MTU()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 3) { DefaultImpairments = new LinkImpairments { MaxDatagramSize = 1280 } };
        var a = network.AddEndpoint(ServerAddress);
        var b = network.AddEndpoint(ClientAddress);
        var sink = new RecordingSink();
        b.Start(sink);
        a.Send(new byte[1280], b.LocalEndPoint);
        a.Send(new byte[1281], b.LocalEndPoint);
        Assert.Equal([1280], sink.Snapshot().Select(r => r.Data.Length));
        Assert.Equal(1, network.Statistics.TooLarge);
    }

    [Fact]
    public void Invalid_impairments_are_refused()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.DefaultImpairments = new LinkImpairments { LossRate = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => network.DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromTicks(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => network.DefaultImpairments = new LinkImpairments { DuplicateRate = double.NaN });
    }

    [Fact]
    public void Dispose_makes_the_endpoint_unreachable_and_its_sends_fail()
    {
        var network = new SimulatedNetwork(NewScheduler(), seed: 3);
        var a = network.AddEndpoint(ServerAddress);
        var b = network.AddEndpoint(ClientAddress);
        b.Start(new RecordingSink());
        b.Dispose();
        Assert.False(b.Send(Numbered(1), a.LocalEndPoint));
        Assert.True(a.Send(Numbered(1), b.LocalEndPoint));
        Assert.Equal(1, network.Statistics.Unroutable);
        Assert.Throws<ObjectDisposedException>(() => b.Start(new RecordingSink()));
    }
}
