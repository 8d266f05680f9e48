using System.Text;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>The draining state (RFC 9000 §10.2.2) and stateless reset (§10.3).</summary>
public class DrainingTests
{
    private static ConnectionCloseFrame PeerClose(ulong code = 0x99, string reason = "peer says bye") =>
        ConnectionCloseFrame.ForApplicationError(code, Encoding.UTF8.GetBytes(reason));

    [Fact]
    public void Received_close_drains_for_three_pto_after_one_no_error_answer()
    {
        var c = ConfirmedClient();
        var actions = c.OnConnectionCloseReceived(PeerClose(), Ms(2_000), Ms(300));

        Assert.Equal(LifecycleActions.Terminated | LifecycleActions.SendConnectionClose, actions);
        Assert.Equal(ConnectionState.Draining, c.State);
        Assert.Equal(new CloseInfo(CloseSource.Peer, 0x99, true, 0, "peer says bye"), c.CloseInfo);
        var answer = c.ClosePlan!.Value.GetFrame(EncryptionLevel.OneRtt);
        Assert.False(answer.IsApplicationError);
        Assert.Equal((ulong)TransportErrorCode.NoError, answer.ErrorCode);
        Assert.Equal(Ms(2_900), c.ClosingPeriodEnd);

        // MUST NOT send further packets: nothing answers anything while draining.
        for (int i = 0; i < 50; i++) Assert.Equal(LifecycleActions.None, c.OnPacketReceived(Ms(2_001 + i)));
        Assert.Equal(LifecycleActions.None, c.OnConnectionCloseReceived(PeerClose(), Ms(2_100), Ms(300)));
        Assert.Equal(LifecycleActions.None, c.Close(1, true, null, Ms(2_100), Ms(300)));
        Assert.Equal(LifecycleActions.None, c.OnStatelessReset(Ms(2_100), Ms(300)));
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(2_899)));
        Assert.Equal(LifecycleActions.Closed, c.OnTimeout(Ms(2_900)));
        Assert.Equal(ConnectionState.Closed, c.State);
    }

    [Fact]
    public void The_answer_can_be_switched_off()
    {
        var c = Create(isServer: true, respondToPeerClose: false);
        Assert.Equal(LifecycleActions.Terminated, c.OnConnectionCloseReceived(PeerClose(), Ms(10), Ms(100)));
        Assert.Null(c.ClosePlan);
        Assert.Equal(ConnectionState.Draining, c.State);
    }

    [Fact]
    public void A_transport_close_from_the_peer_is_reported_with_its_frame_type()
    {
        var s = Create(isServer: true);
        var frame = ConnectionCloseFrame.ForTransportError(TransportErrorCode.CryptoBufferExceeded, 0x06, "x"u8.ToArray());
        s.OnConnectionCloseReceived(frame, Ms(10), Ms(100));
        Assert.Equal(new CloseInfo(CloseSource.Peer, 0x0d, false, 0x06, "x"), s.CloseInfo);
        Assert.Equal(TransportErrorCode.CryptoBufferExceeded, s.CloseInfo!.TransportError);
        Assert.Equal([true, false, false, false],
            new[] { EncryptionLevel.Initial, EncryptionLevel.ZeroRtt, EncryptionLevel.Handshake, EncryptionLevel.OneRtt }
                .Select(s.ClosePlan!.Value.Includes)); // during the handshake the answer goes where the peer can read it
    }

    [Fact]
    public void Close_received_while_closing_drains_until_the_closing_end()
    {
        var c = ConfirmedServer();
        c.Close(5, true, "me first", Ms(1_000), Ms(100));
        Assert.Equal(LifecycleActions.SendConnectionClose, c.OnPacketReceived(Ms(1_010)));

        Assert.Equal(LifecycleActions.None, c.OnConnectionCloseReceived(PeerClose(), Ms(1_100), Ms(500)));
        Assert.Equal(ConnectionState.Draining, c.State);
        Assert.Equal(Ms(1_300), c.ClosingPeriodEnd); // the closing end time, not 1,100 + 3 × 500
        Assert.Equal(CloseSource.Local, c.CloseInfo!.Source); // we closed first
        Assert.Equal(LifecycleActions.None, c.OnPacketReceived(Ms(1_200))); // no more answers
        Assert.Equal(LifecycleActions.Closed, c.OnTimeout(Ms(1_300)));
    }

    [Fact]
    public void Stateless_reset_drains_silently()
    {
        var c = ConfirmedClient();
        Assert.Equal(LifecycleActions.Terminated, c.OnStatelessReset(Ms(500), Ms(100)));
        Assert.Equal(ConnectionState.Draining, c.State);
        Assert.Equal(new CloseInfo(CloseSource.StatelessReset, 0, false, 0, ""), c.CloseInfo);
        Assert.Null(c.ClosePlan); // nothing to send
        Assert.Equal(Ms(800), c.ClosingPeriodEnd);
        Assert.Equal(LifecycleActions.None, c.OnPacketReceived(Ms(600)));
        Assert.Equal(LifecycleActions.Closed, c.OnTimeout(Ms(800)));
    }

    [Fact]
    public void Stateless_reset_while_closing_stops_the_answers()
    {
        var c = ConfirmedClient();
        c.Close(1, true, null, Ms(0), Ms(100));
        Assert.Equal(LifecycleActions.None, c.OnStatelessReset(Ms(50), Ms(100)));
        Assert.Equal(ConnectionState.Draining, c.State);
        Assert.Equal(Ms(300), c.ClosingPeriodEnd);
        Assert.Equal(LifecycleActions.None, c.OnPacketReceived(Ms(60)));
        Assert.Equal(CloseSource.Local, c.CloseInfo!.Source);
    }

    [Fact]
    public void Every_input_after_closed_is_ignored()
    {
        var c = ConfirmedServer(keepAliveMs: 1_000);
        c.OnOneRttPacketReceived(Ms(60));
        c.Close(0, true, null, Ms(100), Ms(100));
        Assert.Equal(LifecycleActions.Closed, c.OnTimeout(Ms(400)));
        var info = c.CloseInfo;

        Assert.Equal(LifecycleActions.None, c.OnPacketReceived(Ms(500)));
        c.OnAckElicitingSent(Ms(500));
        c.OnPeerTransportParameters(1);
        c.OnOneRttPacketReceived(Ms(500));
        Assert.Equal(LifecycleActions.None, c.OnHandshakeComplete(Ms(500)));
        Assert.Equal(LifecycleActions.None, c.OnHandshakeDoneReceived(Ms(500))); // not even a violation any more
        Assert.Equal(LifecycleActions.None, c.OnKeysAvailable(EncryptionLevel.OneRtt));
        Assert.Equal(LifecycleActions.None, c.OnHandshakePacketProcessed());
        Assert.Equal(LifecycleActions.None, c.OnAddressValidated());
        Assert.Equal(LifecycleActions.None, c.Close(1, false, "late", Ms(500), Ms(100)));
        Assert.Equal(LifecycleActions.None, c.OnConnectionCloseReceived(PeerClose(), Ms(500), Ms(100)));
        Assert.Equal(LifecycleActions.None, c.OnStatelessReset(Ms(500), Ms(100)));
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(1e9)));

        Assert.Equal(ConnectionState.Closed, c.State);
        Assert.Same(info, c.CloseInfo);
        Assert.Null(c.NextDeadline);
        Assert.Null(c.IdleDeadline);
        Assert.Null(c.KeepAliveDeadline);
        Assert.Null(c.ZeroRttKeyDiscardDeadline);
    }
}
