using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>Milestone 2 of issue #4: the same exchange over an impaired network.</summary>
public sealed class LossyTransferSpec : Akka.TestKit.Xunit2.TestKit
{
    public LossyTransferSpec() : base(ConnectionPair.Config)
    {
    }

    private static byte[] Payload(int seed, int size)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static void Exchange(ConnectionPair pair, byte[] request, byte[] response, Action? beforeClose = null)
    {
        pair.Client.Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);
        Assert.True(pair.RunUntil(() => pair.ServerLog.IsFinished(0) && pair.ClientLog.IsFinished(0), TimeSpan.FromSeconds(60)),
            $"transfer incomplete: {pair.Describe()} server got {pair.ServerLog.StreamBytes(0).Length}, client got {pair.ClientLog.StreamBytes(0).Length}");
        Assert.Equal(request, pair.ServerLog.StreamBytes(0));
        Assert.Equal(response, pair.ClientLog.StreamBytes(0));
        Assert.Equal("hq-interop", pair.ClientLog.Established!.ApplicationProtocol);
        beforeClose?.Invoke();

        pair.Client.Tell(new CloseConnection(0, "done"));
        // A lost CONNECTION_CLOSE leaves the peer to its idle timeout (30 s; RFC 9000 §10.2, §10.1).
        Assert.True(pair.RunUntil(() => pair.ClientLog.Closed is not null && pair.ServerLog.Terminated is not null, TimeSpan.FromSeconds(40)),
            "close: " + pair.Describe());
    }

    [Fact]
    public void Five_percent_loss_and_reordering_still_deliver_byte_identical_data()
    {
        byte[] request = Payload(3, 100 * 1024), response = Payload(4, 100 * 1024);
        var pair = new ConnectionPair(Sys, seed: 21, new LinkImpairments
        {
            Delay = TimeSpan.FromMilliseconds(10),
            LossRate = 0.05,
            ReorderRate = 0.05,
            ReorderDelay = TimeSpan.FromMilliseconds(5),
        }, serverResponse: response);
        Exchange(pair, request, response);
        Assert.True(pair.Network.Statistics.Lost > 0, "the scenario should lose datagrams");
    }

    [Fact]
    public void Losing_the_first_server_Initial_is_repaired_by_retransmission()
    {
        byte[] request = Payload(5, 20 * 1024), response = Payload(6, 20 * 1024);
        var pair = new ConnectionPair(Sys, seed: 31, new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) }, serverResponse: response);
        pair.Network.AddDropRule(DropRules.NthWithFirstPacket(pair.ServerTransport, PacketType.Initial, 0));
        Exchange(pair, request, response);
        Assert.Equal(1, pair.Network.Statistics.DroppedByRule);
    }

    [Fact]
    public void NewReno_is_selectable_and_repairs_five_percent_loss()
    {
        byte[] request = Payload(7, 100 * 1024), response = Payload(8, 100 * 1024);
        var pair = new ConnectionPair(Sys, seed: 22, new LinkImpairments
        {
            Delay = TimeSpan.FromMilliseconds(10),
            LossRate = 0.05,
        }, serverResponse: response, congestionControl: ActorQuic.Protocol.Recovery.CongestionControlAlgorithm.NewReno);
        Exchange(pair, request, response, beforeClose: () =>
        {
            Assert.Equal("NewRenoCongestionController", Recovery.RecoveryProbe.Snapshot(Sys, pair.Client).CongestionController);
            Assert.Equal("NewRenoCongestionController", Recovery.RecoveryProbe.Snapshot(Sys, pair.Server!).CongestionController);
        });
        Assert.True(pair.Network.Statistics.Lost > 0, "the scenario should lose datagrams");
    }

    [Fact]
    public void Cubic_is_the_default()
    {
        var pair = new ConnectionPair(Sys, seed: 23, new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) });
        Assert.Equal("CubicCongestionController", Recovery.RecoveryProbe.Snapshot(Sys, pair.Client).CongestionController);
    }
}
