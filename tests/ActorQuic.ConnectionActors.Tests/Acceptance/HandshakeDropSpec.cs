using ActorQuic.ConnectionActors.Tests.Endpoint;
using ActorQuic.Dispatcher.Simulation;

namespace ActorQuic.ConnectionActors.Tests.Acceptance;

/// <summary>
/// Issue #4 acceptance, handshake robustness: for k = 1..10 and each direction, exactly the k-th
/// datagram in that direction is dropped (the first ones carry the Initials, then the Handshake
/// flight, then the first 1-RTT data and ACKs). Recovery (RFC 9002 §6.2 PTO, RFC 9001 §4.9 key
/// discard rules) must still complete the handshake and a small transfer, and nothing may fail.
/// </summary>
public sealed class HandshakeDropSpec : Akka.TestKit.Xunit2.TestKit
{
    public HandshakeDropSpec() : base(ConnectionPair.Config)
    {
    }

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string direction in new[] { "client->server", "server->client" })
        {
            for (int k = 1; k <= 10; k++)
                data.Add(direction, k);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dropping_the_kth_datagram_still_completes_the_handshake_and_a_transfer(string direction, int k)
    {
        int seed = 500 + k + (direction == "client->server" ? 0 : 100);
        var sim = new SimulatedEndpoints(this, seed, new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) },
            EndpointSetup.Payload(seed + 1, 20 * 1024),
            s => s.Network.AddDropRule(DropRules.Nth(direction == "client->server" ? s.ClientTransport : s.ServerTransport, k - 1)));
        byte[] request = EndpointSetup.Payload(seed + 2, 20 * 1024);

        sim.Connect();
        sim.Transfer(0, 0, request, TimeSpan.FromSeconds(30));

        Assert.Equal(1, sim.Network.Statistics.DroppedByRule);
        Assert.Equal("hq-interop", sim.ClientLog.Read(0, r => r.Established!.ApplicationProtocol));
        sim.AssertNoConnectionEnded();
        var report = sim.Statistics(sim.Server);
        Assert.Equal(1, report.Connections);
        Assert.Equal(1, report.ConnectionsAccepted);
        Assert.Equal(0, report.HandshakesInProgress);
        Assert.Equal(0, report.ConnectionFailures);
    }
}
