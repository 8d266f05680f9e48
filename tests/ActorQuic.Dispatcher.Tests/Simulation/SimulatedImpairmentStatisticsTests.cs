using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Dispatcher.Tests.Transport;
using static ActorQuic.Dispatcher.Tests.Simulation.SimulationFixtures;

namespace ActorQuic.Dispatcher.Tests.Simulation;

/// <summary>
/// Each impairment over 10,000 datagrams. The outcome is fixed by the seed; the tolerances
/// (four standard deviations of a binomial) check that the rates mean what they say.
/// </summary>
public sealed class SimulatedImpairmentStatisticsTests
{
    private const int Count = 10_000;

    private static (SimulatedNetwork Network, SimulatedTransport From, SimulatedTransport To, RecordingSink Sink) Pair(LinkImpairments impairments, int seed = 1234)
    {
        var network = new SimulatedNetwork(NewScheduler(), seed) { DefaultImpairments = impairments };
        var from = network.AddEndpoint(ClientAddress);
        var to = network.AddEndpoint(ServerAddress);
        var sink = new RecordingSink();
        to.Start(sink);
        return (network, from, to, sink);
    }

    private static void AssertNear(double expected, long actual, double rate, int trials)
    {
        double sigma = Math.Sqrt(trials * rate * (1 - rate));
        Assert.InRange(actual, (long)(expected - 4 * sigma), (long)(expected + 4 * sigma));
    }

    [Fact]
    public void Loss_drops_about_the_configured_fraction()
    {
        var (network, from, to, sink) = Pair(new LinkImpairments { LossRate = 0.1 });
        for (int i = 0; i < Count; i++)
            from.Send(Numbered(i), to.LocalEndPoint);

        AssertNear(Count * 0.1, network.Statistics.Lost, 0.1, Count);
        Assert.Equal(Count - network.Statistics.Lost, sink.Count);
        // The survivors arrive once each, in order.
        var sequences = sink.Snapshot().Select(r => SequenceOf(r.Data)).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public void Duplication_delivers_about_the_configured_fraction_twice()
    {
        var (network, from, to, sink) = Pair(new LinkImpairments { DuplicateRate = 0.05 });
        for (int i = 0; i < Count; i++)
            from.Send(Numbered(i), to.LocalEndPoint);

        long duplicates = sink.Count - Count;
        Assert.Equal(network.Statistics.Duplicated, duplicates);
        AssertNear(Count * 0.05, duplicates, 0.05, Count);
        var bySequence = sink.Snapshot().GroupBy(r => SequenceOf(r.Data)).ToList();
        Assert.Equal(Count, bySequence.Count);
        Assert.All(bySequence, g => Assert.InRange(g.Count(), 1, 2));
        Assert.All(bySequence, g => Assert.All(g, r => Assert.Equal(Numbered(g.Key), r.Data)));
    }

    [Fact]
    public void Corruption_flips_exactly_one_bit_in_about_the_configured_fraction()
    {
        var (network, from, to, sink) = Pair(new LinkImpairments { CorruptRate = 0.05 });
        var sent = new byte[Count][];
        for (int i = 0; i < Count; i++)
        {
            sent[i] = Numbered(i, 100);
            from.Send(sent[i], to.LocalEndPoint);
        }

        var received = sink.Snapshot();
        Assert.Equal(Count, received.Count);
        int corrupted = 0;
        for (int i = 0; i < Count; i++)
        {
            int flipped = 0;
            for (int b = 0; b < 100; b++)
                flipped += int.PopCount(sent[i][b] ^ received[i].Data[b]);
            Assert.InRange(flipped, 0, 1);
            corrupted += flipped;
        }
        Assert.Equal(network.Statistics.Corrupted, corrupted);
        AssertNear(Count * 0.05, corrupted, 0.05, Count);
    }

    [Fact]
    public void Reordering_holds_back_about_the_configured_fraction_until_time_passes()
    {
        var scheduler = NewScheduler();
        var network = new SimulatedNetwork(scheduler, 1234)
        {
            DefaultImpairments = new LinkImpairments { ReorderRate = 0.1, ReorderDelay = TimeSpan.FromMilliseconds(5) },
        };
        var from = network.AddEndpoint(ClientAddress);
        var to = network.AddEndpoint(ServerAddress);
        var sink = new RecordingSink();
        to.Start(sink);

        for (int i = 0; i < Count; i++)
            from.Send(Numbered(i), to.LocalEndPoint);
        long reordered = network.Statistics.Reordered;
        AssertNear(Count * 0.1, reordered, 0.1, Count);
        Assert.Equal(Count - reordered, sink.Count);

        scheduler.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal(Count, sink.Count);
        Assert.Equal(0, network.PendingDeliveries);
        int overtaken = 0, highest = -1;
        foreach (var (data, _) in sink.Snapshot())
        {
            int sequence = SequenceOf(data);
            if (sequence < highest)
                overtaken++;
            highest = Math.Max(highest, sequence);
        }
        // Every held-back datagram was overtaken, except any at the very end of the run.
        Assert.InRange(overtaken, reordered - 10, reordered);
    }

    [Fact]
    public void The_same_seed_gives_the_same_deliveries_and_another_seed_does_not()
    {
        var impairments = new LinkImpairments
        {
            LossRate = 0.05, DuplicateRate = 0.05, CorruptRate = 0.05, ReorderRate = 0.05,
            Delay = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(4),
        };
        List<(byte[], string)> Run(int seed)
        {
            var scheduler = NewScheduler();
            var network = new SimulatedNetwork(scheduler, seed) { DefaultImpairments = impairments };
            var client = network.AddEndpoint(ClientAddress);
            var server = network.AddEndpoint(ServerAddress);
            var clientSink = new RecordingSink();
            var serverSink = new RecordingSink();
            client.Start(clientSink);
            server.Start(serverSink);
            for (int i = 0; i < 2000; i++)
            {
                client.Send(Numbered(i), server.LocalEndPoint);
                server.Send(Numbered(-i), client.LocalEndPoint);
                if (i % 10 == 0)
                    scheduler.Advance(TimeSpan.FromMilliseconds(1));
            }
            scheduler.Advance(TimeSpan.FromSeconds(1));
            return [.. serverSink.Snapshot().Concat(clientSink.Snapshot()).Select(r => (r.Data, r.Remote.ToString()!))];
        }

        var first = Run(42);
        var second = Run(42);
        var other = Run(43);

        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Item1, second[i].Item1);
            Assert.Equal(first[i].Item2, second[i].Item2);
        }
        Assert.False(first.Count == other.Count && first.Zip(other).All(p => p.First.Item1.AsSpan().SequenceEqual(p.Second.Item1)));
    }
}
