using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Connection;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorQuic.ConnectionActors.Tests.Recovery;

/// <summary>
/// The resender reports the PTO period to the connection (issue #4, item 2), so the closing
/// period is 3 × the PTO measured on a 20 ms RTT path (RFC 9000 §10.2), not 3 × the 999 ms
/// default used before any RTT sample.
/// </summary>
public sealed class PtoReportSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly ITestOutputHelper _output;

    public PtoReportSpec(ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
        _output = output;
    }

    [Fact]
    public void Closing_period_after_the_handshake_is_three_PTOs_of_the_measured_RTT()
    {
        byte[] request = RecoveryProbe.Payload(61, 20_000), response = RecoveryProbe.Payload(62, 20_000);
        var pair = new ConnectionPair(Sys, seed: 71, new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) }, serverResponse: response);
        pair.Client.Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);
        Assert.True(pair.RunUntil(() => pair.ServerLog.IsFinished(0) && pair.ClientLog.IsFinished(0), TimeSpan.FromSeconds(10)),
            "transfer: " + pair.Describe());
        // Let the last ACKs arrive so no RTT sample is still on its way.
        pair.RunUntil(() => false, TimeSpan.FromMilliseconds(100));

        var recovery = RecoveryProbe.Snapshot(Sys, pair.Client);
        _output.WriteLine($"srtt {recovery.SmoothedRtt.TotalMilliseconds} ms, PTO {recovery.PtoPeriod.TotalMilliseconds} ms");
        Assert.InRange(recovery.SmoothedRtt, TimeSpan.FromMilliseconds(19), TimeSpan.FromMilliseconds(40));
        // smoothed_rtt + max(4 × rttvar, 1 ms) + max_ack_delay (25 ms by default), RFC 9002 §6.2.1.
        Assert.InRange(recovery.PtoPeriod, TimeSpan.FromMilliseconds(45), TimeSpan.FromMilliseconds(200));

        TimeSpan closedAt = pair.Elapsed;
        pair.Client.Tell(new CloseConnection(0, "done"));
        Assert.True(pair.RunUntil(() => pair.ClientLog.Closed is not null, TimeSpan.FromSeconds(5)), "close: " + pair.Describe());
        TimeSpan closingPeriod = pair.Elapsed - closedAt;
        _output.WriteLine($"closing period {closingPeriod.TotalMilliseconds} ms");

        // The connection's PTO is within 1/16 of the resender's (report threshold), the test clock steps 1 ms.
        TimeSpan threePto = 3 * recovery.PtoPeriod;
        Assert.InRange(closingPeriod, threePto * (15.0 / 16) - TimeSpan.FromMilliseconds(2), threePto * (17.0 / 16) + TimeSpan.FromMilliseconds(2));
        Assert.True(closingPeriod < 3 * ConnectionLifecycle.DefaultPto / 4, $"closing period {closingPeriod} still from the default PTO");
    }
}
