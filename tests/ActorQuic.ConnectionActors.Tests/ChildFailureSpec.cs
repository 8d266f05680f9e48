using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>Supervision: a failing child closes its connection (never restarts it), and the test host lives on.</summary>
public sealed class ChildFailureSpec : Akka.TestKit.Xunit2.TestKit
{
    public ChildFailureSpec() : base(ConnectionPair.Config)
    {
    }

    [Fact]
    public void A_tls_child_that_throws_closes_the_connection_with_CRYPTO_ERROR_and_the_peer_sees_it()
    {
        var pair = new ConnectionPair(Sys, seed: 11, new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) });
        Assert.True(pair.RunUntil(() => pair.ClientLog.Established is not null && pair.ServerLog.Established is not null,
            TimeSpan.FromSeconds(5)), "handshake: " + pair.Describe());
        pair.RunUntil(() => false, TimeSpan.FromMilliseconds(100)); // let HANDSHAKE_DONE arrive
        Watch(pair.Client);

        // A Finished message after the handshake, in 1-RTT CRYPTO: the TLS engine raises an alert.
        Sys.ActorSelection(pair.Client.Path / "tls").Tell(new CryptoReceived(EncryptionLevel.OneRtt, 0, [0x14, 0, 0, 1, 0]));
        AwaitCondition(() => pair.ClientLog.Terminated is not null, TimeSpan.FromSeconds(10));

        var local = pair.ClientLog.Terminated!.Info;
        Assert.Equal(CloseSource.Local, local.Source);
        Assert.False(local.IsApplicationError);
        // RFC 9001 §4.8: CRYPTO_ERROR 0x100 + the alert (unexpected_message, 10).
        Assert.Equal(0x100UL + 10, local.ErrorCode);

        Assert.True(pair.RunUntil(() => pair.ServerLog.Terminated is not null && pair.ClientLog.Closed is not null, TimeSpan.FromSeconds(10)),
            "close: " + pair.Describe());
        var remote = pair.ServerLog.Terminated!.Info;
        Assert.Equal(CloseSource.Peer, remote.Source);
        Assert.Equal(local.ErrorCode, remote.ErrorCode);
        ExpectTerminated(pair.Client);
    }
}
