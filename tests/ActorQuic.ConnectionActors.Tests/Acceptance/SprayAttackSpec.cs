using System.Net;
using ActorQuic.ConnectionActors.Tests.Endpoint;
using ActorQuic.Dispatcher.Simulation;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Acceptance;

/// <summary>
/// Issue #4 acceptance, the spray: while a 1 MB request and a 1 MB response cross between a client
/// and a server endpoint, 100,000 hostile datagrams (<see cref="HostileDatagrams"/>) hit the server
/// endpoint from 64 other addresses and from the client's own address, injected in batches between
/// 1 ms scheduler steps.
/// </summary>
public sealed class SprayAttackSpec : Akka.TestKit.Xunit2.TestKit
{
    private const int SprayCount = 100_000;
    private const int BatchSize = 500;
    private const int TransferSize = 1024 * 1024;

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public SprayAttackSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
        _output = output;
    }

    [Fact]
    public void Transfer_survives_100k_hostile_datagrams_and_the_endpoint_keeps_serving()
    {
        const int seed = 901;
        var seen = new List<byte[]>();
        var liveCids = new List<byte[]>();
        var tapRandom = new Random(seed);
        bool spraying = false;
        var sim = new SimulatedEndpoints(this, seed, new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) },
            EndpointSetup.Payload(seed + 1, TransferSize), s => s.Network.AddDropRule(d =>
            {
                // A tap, not a drop: keeps up to 4,096 real datagrams (both ways) to mutate and replay,
                // and learns the DCIDs (8 bytes, the endpoints' CID length) the client sends short headers to
                // before the spray (later the client endpoint also sends Stateless Resets, which look alike).
                byte[] copy = d.Data.ToArray();
                if (seen.Count < 4096) seen.Add(copy);
                else seen[tapRandom.Next(seen.Count)] = copy;
                if (!spraying && d.Sender == s.ClientTransport && copy.Length > 9 && (copy[0] & 0x80) == 0
                    && !liveCids.Exists(c => c.AsSpan().SequenceEqual(copy.AsSpan(1, 8))))
                    liveCids.Add(copy[1..9]);
                return false;
            }));
        var hostile = new HostileDatagrams(seed + 2);
        var attackers = new IPEndPoint[64];
        for (int i = 0; i < attackers.Length; i++)
            attackers[i] = new IPEndPoint(IPAddress.Parse($"172.16.{i / 8}.{1 + i % 8}"), 1024 + hostile.Random.Next(60_000));
        byte[] request = EndpointSetup.Payload(seed + 3, TransferSize);

        sim.Connect().Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);
        Assert.True(sim.RunUntil(() => sim.ClientLog.IsEstablished(0) && sim.ServerLog.IsEstablished(0) && liveCids.Count > 0,
            TimeSpan.FromSeconds(5)), "handshake: " + sim.Describe());

        spraying = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool Done() => sim.ClientLog.IsFinished(0, 0) && sim.ServerLog.IsFinished(0, 0);
        int injected = 0, duringTransfer = 0, fromClientAddress = 0;
        while (injected < SprayCount)
        {
            for (int i = 0; i < BatchSize && injected < SprayCount; i++, injected++)
            {
                bool spoofClient = hostile.Random.Next(10) < 3;
                fromClientAddress += spoofClient ? 1 : 0;
                IPEndPoint source = spoofClient ? SimulatedEndpoints.ClientAddress : attackers[hostile.Random.Next(attackers.Length)];
                Assert.True(sim.Network.Inject(source, SimulatedEndpoints.ServerAddress, hostile.Next(seen, liveCids)));
            }
            if (!Done()) duringTransfer = injected;
            sim.Advance(TimeSpan.FromMilliseconds(1));
        }
        Assert.True(sim.RunUntil(Done, TimeSpan.FromSeconds(60)), "transfer incomplete: " + sim.Describe());
        _output.WriteLine($"spray: {injected} datagrams ({duringTransfer} while the transfer ran, {fromClientAddress} from the client's address): {hostile.Describe()}");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s real");
        _output.WriteLine($"transfer done at {sim.Elapsed.TotalMilliseconds} virtual ms; live CIDs seen {liveCids.Count}; network {sim.Network.Statistics}");

        // The real transfer: byte-identical both ways, and the real connections are untouched.
        Assert.Equal(request, sim.ServerLog.StreamBytes(0, 0));
        Assert.Equal(sim.Response, sim.ClientLog.StreamBytes(0, 0));
        Assert.True(sim.ClientLog.Read(0, r => r.Failed is null && r.Terminated is null && r.Closed is null), "client: " + sim.Describe());
        Assert.True(sim.ServerLog.Read(0, r => r.Failed is null && r.Terminated is null && r.Closed is null), "server: " + sim.Describe());
        Assert.Equal(1, sim.ClientLog.Count);
        Assert.True(duringTransfer >= SprayCount / 2, $"only {duringTransfer} hostile datagrams arrived while the transfer ran");
        Assert.Equal(SprayCount, sim.Network.Injected);

        // The server endpoint still answers, saw the spray, and no connection actor crashed.
        var report = sim.Statistics(sim.Server);
        _output.WriteLine($"server after spray: {report} drops: {string.Join(", ", report.DroppedByReason.Select(p => $"{p.Key}={p.Value}"))}");
        Assert.True(report.TotalDatagrams >= SprayCount, $"the endpoint saw only {report.TotalDatagrams} datagrams");
        Assert.True(report.ConnectionsAccepted > 1, "the spray's Initials should have opened connections");
        Assert.True(report.HandshakesInProgress <= 1_000, $"{report.HandshakesInProgress} handshakes exceed the flood guard");
        Assert.Equal(0, report.ConnectionFailures);

        // The connections the spray opened never complete a handshake, so they must go away on
        // their own (RFC 9000 §10.1 idle timeout), after which a fresh connection works.
        _output.WriteLine($"client after spray: {sim.Statistics(sim.Client)}");
        clock.Restart();
        Assert.True(sim.RunUntil(() => sim.Statistics(sim.Server).HandshakesInProgress == 0, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(100)),
            "the spray's half-open connections never went away: " + sim.Statistics(sim.Server));
        _output.WriteLine($"half-open connections gone at {sim.Elapsed.TotalMilliseconds} virtual ms, {clock.Elapsed.TotalSeconds:F1} s real");
        int serverIndex = sim.ServerLog.Count;
        sim.Connect();
        sim.Transfer(1, serverIndex, EndpointSetup.Payload(seed + 4, 64 * 1024), TimeSpan.FromSeconds(10));
        Assert.Null(sim.ClientLog.Read(0, r => r.Failed));
        Assert.Null(sim.ClientLog.Read(1, r => r.Failed));
        report = sim.Statistics(sim.Server);
        _output.WriteLine($"server at the end: {report}");
        Assert.Equal(0, report.ConnectionFailures);
    }
}
