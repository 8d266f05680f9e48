using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Connection;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>
/// Milestone 1 of issue #4: a client and a server connection actor complete the QUIC v1
/// handshake over the simulated network, exchange 100 KB each way on one bidirectional stream,
/// and close gracefully.
/// </summary>
public sealed class HandshakeAndTransferSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan OneWayDelay = TimeSpan.FromMilliseconds(10);

    public HandshakeAndTransferSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    private static byte[] Payload(int seed, int size)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Handshake_then_100_KB_each_way_then_graceful_close()
    {
        byte[] request = Payload(1, 100 * 1024);
        byte[] response = Payload(2, 100 * 1024);
        var pair = new ConnectionPair(Sys, seed: 7, new LinkImpairments { Delay = OneWayDelay }, serverResponse: response);

        pair.Client.Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);
        Assert.True(pair.RunUntil(() => pair.ClientLog.Established is not null && pair.ServerLog.Established is not null,
            TimeSpan.FromSeconds(5)), "handshake did not complete: " + pair.Describe());

        Assert.Equal("hq-interop", pair.ClientLog.Established!.ApplicationProtocol);
        Assert.Equal("hq-interop", pair.ServerLog.Established!.ApplicationProtocol);
        var seen = Assert.Single(pair.ClientLog.Established.PeerCertificates);
        Assert.Equal(pair.ServerCertificate.Thumbprint, seen.Thumbprint);
        Assert.Equal(ConnectionPair.ServerAddress, pair.ClientLog.Established.Remote);
        Assert.Equal(ConnectionPair.ClientAddress, pair.ServerLog.Established.Remote);

        Assert.True(pair.RunUntil(() => pair.ServerLog.IsFinished(0) && pair.ClientLog.IsFinished(0), TimeSpan.FromSeconds(30)),
            $"transfer incomplete: {pair.Describe()} server got {pair.ServerLog.StreamBytes(0).Length}, client got {pair.ClientLog.StreamBytes(0).Length}");
        Assert.Equal(request, pair.ServerLog.StreamBytes(0));
        Assert.Equal(response, pair.ClientLog.StreamBytes(0));

        Watch(pair.Client);
        Watch(pair.Server!);
        pair.Client.Tell(new CloseConnection(0, "done"));
        Assert.True(pair.RunUntil(() => pair.ClientLog.Closed is not null && pair.ServerLog.Closed is not null, TimeSpan.FromSeconds(10)),
            "both sides should reach Closed: " + pair.Describe());

        var clientClose = pair.ClientLog.Closed!.Info;
        Assert.Equal(CloseSource.Local, clientClose.Source);
        Assert.True(clientClose.IsApplicationError);
        Assert.Equal(0UL, clientClose.ErrorCode);
        var serverClose = pair.ServerLog.Closed!.Info;
        Assert.Equal(CloseSource.Peer, serverClose.Source);
        Assert.True(serverClose.IsApplicationError);
        Assert.Equal("done", serverClose.Reason);
        ExpectTerminated(pair.Client);
        ExpectTerminated(pair.Server!);
    }
}
