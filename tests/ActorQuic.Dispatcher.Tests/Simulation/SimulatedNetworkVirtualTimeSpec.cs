using System.Net;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Dispatcher.Transport;
using Akka.Actor;
using Akka.TestKit;
using static ActorQuic.Dispatcher.Tests.Simulation.SimulationFixtures;

namespace ActorQuic.Dispatcher.Tests.Simulation;

/// <summary>
/// The simulator inside an ActorSystem whose scheduler is Akka's TestScheduler: delayed
/// datagrams move only when the test advances virtual time.
/// </summary>
public sealed class SimulatedNetworkVirtualTimeSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        """;

    public SimulatedNetworkVirtualTimeSpec() : base(Config)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private sealed record Arrived(int Sequence, EndPoint From);

    /// <summary>The usual shape in the stack: the sink copies out and Tells an actor.</summary>
    private sealed class TellingSink(IActorRef target) : IDatagramSink
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote) =>
            target.Tell(new Arrived(SequenceOf(datagram.ToArray()), remote));
    }

    [Fact]
    public void Nothing_arrives_before_the_delay_and_everything_after_in_order()
    {
        var network = new SimulatedNetwork(Scheduler, seed: 11)
        {
            DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromMilliseconds(50) },
        };
        var client = network.AddEndpoint(ClientAddress);
        var server = network.AddEndpoint(ServerAddress);
        var probe = CreateTestProbe();
        server.Start(new TellingSink(probe.Ref));

        for (int i = 0; i < 20; i++)
            client.Send(Numbered(i), server.LocalEndPoint);

        Scheduler.Advance(TimeSpan.FromMilliseconds(49));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(20, network.PendingDeliveries);

        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        for (int i = 0; i < 20; i++)
        {
            var arrived = probe.ExpectMsg<Arrived>();
            Assert.Equal(i, arrived.Sequence);
            Assert.Equal(ClientAddress, arrived.From);
        }
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, network.PendingDeliveries);
    }

    [Fact]
    public void Jittered_datagrams_arrive_within_delay_plus_jitter_and_some_overtake()
    {
        var network = new SimulatedNetwork(Scheduler, seed: 12)
        {
            DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(30) },
        };
        var client = network.AddEndpoint(ClientAddress);
        var server = network.AddEndpoint(ServerAddress);
        var arrivals = new List<(int Sequence, long AtMs)>();
        long nowMs = 0;
        server.Start(new CallbackSink((d, _) => arrivals.Add((SequenceOf(d.ToArray()), nowMs))));

        for (int i = 0; i < 200; i++)
            client.Send(Numbered(i), server.LocalEndPoint);
        for (nowMs = 1; nowMs <= 40; nowMs++)
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(1));
            if (nowMs < 10)
                Assert.Empty(arrivals);
        }

        Assert.Equal(200, arrivals.Count);
        Assert.All(arrivals, a => Assert.InRange(a.AtMs, 10, 40));
        // Jitter of 30 ms over 200 back-to-back datagrams must have reordered some.
        Assert.Contains(arrivals.Zip(arrivals.Skip(1)), p => p.Second.Sequence < p.First.Sequence);
    }

    [Fact]
    public void A_bandwidth_limit_spaces_datagrams_and_tail_drops_past_the_queue()
    {
        var network = new SimulatedNetwork(Scheduler, seed: 13)
        {
            // 1,200 B at 1.2 MB/s = 1 ms each; room for five waiting datagrams.
            DefaultImpairments = new LinkImpairments { BandwidthBytesPerSecond = 1_200_000, QueueLimitBytes = 6_000 },
        };
        var client = network.AddEndpoint(ClientAddress);
        var server = network.AddEndpoint(ServerAddress);
        int count = 0;
        server.Start(new CallbackSink((_, _) => count++));

        for (int i = 0; i < 10; i++)
            client.Send(Numbered(i, 1200), server.LocalEndPoint);
        Assert.Equal(5, network.Statistics.QueueDropped);

        for (int ms = 1; ms <= 5; ms++)
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(ms, count);
        }
        Scheduler.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(5, count);
    }

    [Fact]
    public void A_reply_sent_from_a_sink_travels_on_virtual_time_too()
    {
        var network = new SimulatedNetwork(Scheduler, seed: 14)
        {
            DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromMilliseconds(25) },
        };
        var client = network.AddEndpoint(ClientAddress);
        var server = network.AddEndpoint(ServerAddress);
        var probe = CreateTestProbe();
        server.Start(new CallbackSink((d, from) => server.Send(d, from))); // echo
        client.Start(new TellingSink(probe.Ref));

        client.Send(Numbered(7), server.LocalEndPoint);
        Scheduler.Advance(TimeSpan.FromMilliseconds(25)); // reaches the server, echo leaves
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromMilliseconds(25)); // echo arrives: one RTT = 50 ms
        Assert.Equal(7, probe.ExpectMsg<Arrived>().Sequence);
    }

    private sealed class CallbackSink(Action<ReadOnlySpan<byte>, EndPoint> onDatagram) : IDatagramSink
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote) => onDatagram(datagram, remote);
    }
}
