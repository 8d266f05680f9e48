using ActorQuic.ConnectionActors.Tests.Endpoint;
using ActorQuic.Dispatcher.Simulation;

namespace ActorQuic.ConnectionActors.Tests.Acceptance;

/// <summary>
/// Issue #4 acceptance, endpoint to endpoint on virtual time: one connection carries a request and
/// a response of the same size, byte-identical, through a link impaired the same way in both
/// directions. A corrupted datagram that got past AEAD would change the bytes or break the
/// connection, so byte-identical data with no connection ended is the proof that they were dropped.
/// </summary>
public sealed class ImpairedTransferSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly LinkImpairments Base = new() { Delay = TimeSpan.FromMilliseconds(10) };
    private static readonly LinkImpairments Reorder = Base with
    {
        Jitter = TimeSpan.FromMilliseconds(8),
        ReorderRate = 0.05,
        ReorderDelay = TimeSpan.FromMilliseconds(15),
    };

    private static readonly Dictionary<string, (LinkImpairments Link, int Size)> Scenarios = new()
    {
        ["loss 5%"] = (Base with { LossRate = 0.05 }, 1024 * 1024),
        ["loss 20%"] = (Base with { LossRate = 0.20 }, 512 * 1024),
        ["jitter + reorder"] = (Reorder, 512 * 1024),
        ["duplication 10%"] = (Base with { DuplicateRate = 0.10 }, 512 * 1024),
        ["corruption 1%"] = (Base with { CorruptRate = 0.01 }, 512 * 1024),
        ["jitter + reorder + loss 5%"] = (Reorder with { LossRate = 0.05 }, 256 * 1024),
        ["duplication 10% + loss 5%"] = (Base with { DuplicateRate = 0.10, LossRate = 0.05 }, 256 * 1024),
        ["corruption 1% + loss 5%"] = (Base with { CorruptRate = 0.01, LossRate = 0.05 }, 256 * 1024),
        ["all + loss 5%"] = (Reorder with { DuplicateRate = 0.10, CorruptRate = 0.01, LossRate = 0.05 }, 256 * 1024),
    };

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ImpairedTransferSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
        _output = output;
    }

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        int seed = 401;
        foreach (string name in Scenarios.Keys)
            data.Add(name, seed++);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transfer_is_byte_identical_both_ways(string scenario, int seed)
    {
        var (link, size) = Scenarios[scenario];
        var sim = new SimulatedEndpoints(this, seed, link, EndpointSetup.Payload(seed + 1, size));
        byte[] request = EndpointSetup.Payload(seed + 2, size);

        sim.Connect();
        sim.Transfer(0, 0, request, TimeSpan.FromSeconds(120));

        sim.AssertNoConnectionEnded();
        _output.WriteLine($"{scenario}: {size / 1024} KB each way in {sim.Elapsed.TotalMilliseconds} virtual ms; {sim.Network.Statistics}");
        var stats = sim.Network.Statistics;
        if (link.LossRate > 0) Assert.True(stats.Lost > 0, "no loss happened: " + stats);
        if (link.DuplicateRate > 0) Assert.True(stats.Duplicated > 0, "no duplicate happened: " + stats);
        if (link.CorruptRate > 0) Assert.True(stats.Corrupted > 0, "no corruption happened: " + stats);
        if (link.ReorderRate > 0) Assert.True(stats.Reordered > 0, "no reordering happened: " + stats);
        foreach (var endpoint in new[] { sim.Server, sim.Client })
        {
            var report = sim.Statistics(endpoint);
            Assert.Equal(1, report.Connections);
            Assert.Equal(0, report.ConnectionFailures);
        }
    }
}
