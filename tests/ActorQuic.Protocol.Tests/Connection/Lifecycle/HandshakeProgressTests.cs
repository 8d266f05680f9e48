using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>Handshake complete vs confirmed (RFC 9001 §4.1.1, §4.1.2) and HANDSHAKE_DONE (RFC 9000 §19.20).</summary>
public class HandshakeProgressTests
{
    [Fact]
    public void Server_confirms_on_completion_and_sends_handshake_done()
    {
        var s = Create(isServer: true);
        s.OnKeysAvailable(EncryptionLevel.Handshake);
        Assert.Equal(LifecycleActions.DiscardInitialKeys | LifecycleActions.AddressValidated, s.OnHandshakePacketProcessed());
        Assert.Equal(ConnectionState.Handshaking, s.State);

        var actions = s.OnHandshakeComplete(Ms(40));
        Assert.Equal(
            LifecycleActions.SendHandshakeDone | LifecycleActions.HandshakeConfirmed | LifecycleActions.DiscardHandshakeKeys,
            actions);
        Assert.Equal(ConnectionState.Confirmed, s.State);
        Assert.True(s.IsHandshakeComplete);
        Assert.True(s.IsHandshakeConfirmed);
        Assert.True(s.IsDiscarded(EncryptionLevel.Handshake));
        Assert.False(s.HasKeys(EncryptionLevel.Handshake));
    }

    [Fact]
    public void Client_is_established_on_completion_and_confirmed_by_handshake_done()
    {
        var c = Create(isServer: false);
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        Assert.Equal(LifecycleActions.DiscardInitialKeys, c.OnHandshakePacketSent());
        c.OnKeysAvailable(EncryptionLevel.OneRtt);

        Assert.Equal(LifecycleActions.None, c.OnHandshakeComplete(Ms(60)));
        Assert.Equal(ConnectionState.Established, c.State);
        Assert.True(c.IsHandshakeComplete);
        Assert.False(c.IsHandshakeConfirmed);
        Assert.True(c.HasKeys(EncryptionLevel.Handshake)); // still needed: the Finished may be lost

        var actions = c.OnHandshakeDoneReceived(Ms(90));
        Assert.Equal(LifecycleActions.HandshakeConfirmed | LifecycleActions.DiscardHandshakeKeys, actions);
        Assert.Equal(ConnectionState.Confirmed, c.State);
        Assert.Equal(LifecycleActions.None, c.OnHandshakeDoneReceived(Ms(95))); // a retransmitted HANDSHAKE_DONE
    }

    [Fact]
    public void Handshake_done_before_the_tls_completion_is_remembered()
    {
        var c = Create(isServer: false);
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        c.OnKeysAvailable(EncryptionLevel.OneRtt);
        Assert.Equal(LifecycleActions.None, c.OnHandshakeDoneReceived(Ms(60))); // processed before the TLS event
        Assert.Equal(ConnectionState.Handshaking, c.State);
        Assert.True(c.HasKeys(EncryptionLevel.Handshake));

        var actions = c.OnHandshakeComplete(Ms(61));
        Assert.Equal(
            LifecycleActions.HandshakeConfirmed | LifecycleActions.DiscardInitialKeys | LifecycleActions.DiscardHandshakeKeys,
            actions); // Initial keys too: this client never reported sending a Handshake packet
        Assert.Equal(ConnectionState.Confirmed, c.State);
    }

    [Fact]
    public void Client_may_confirm_on_an_acknowledged_one_rtt_packet()
    {
        var c = Create(isServer: false);
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        c.OnHandshakePacketSent();
        c.OnKeysAvailable(EncryptionLevel.OneRtt);
        c.OnHandshakeComplete(Ms(60));
        Assert.Equal(LifecycleActions.HandshakeConfirmed | LifecycleActions.DiscardHandshakeKeys, c.OnOneRttPacketAcknowledged(Ms(120)));
        Assert.Equal(LifecycleActions.None, c.OnHandshakeDoneReceived(Ms(130)));
        Assert.Equal(ConnectionState.Confirmed, c.State);

        var s = Create(isServer: true);
        Assert.Equal(LifecycleActions.None, s.OnOneRttPacketAcknowledged(Ms(1)));
        Assert.Equal(ConnectionState.Handshaking, s.State);
    }

    [Fact]
    public void Handshake_done_to_a_server_is_a_protocol_violation()
    {
        var s = ConfirmedServer();
        var e = Assert.Throws<QuicProtocolException>(() => s.OnHandshakeDoneReceived(Ms(100)));
        Assert.Equal(TransportErrorCode.ProtocolViolation, e.ErrorCode);
        Assert.Equal((ulong)FrameType.HandshakeDone, e.FrameType);

        // The owner closes with it; the close names the frame type.
        var actions = s.Close(e, Ms(100), Ms(100));
        Assert.Equal(LifecycleActions.Terminated | LifecycleActions.SendConnectionClose, actions);
        var frame = s.ClosePlan!.Value.GetFrame(EncryptionLevel.OneRtt);
        Assert.Equal((ulong)TransportErrorCode.ProtocolViolation, frame.ErrorCode);
        Assert.Equal((ulong)FrameType.HandshakeDone, frame.TriggeringFrameType);
        Assert.Equal(TransportErrorCode.ProtocolViolation, s.CloseInfo!.TransportError);

        // Once closing, another one is ignored rather than thrown.
        Assert.Equal(LifecycleActions.None, s.OnHandshakeDoneReceived(Ms(101)));
    }

    [Fact]
    public void Handshake_completion_is_reported_once()
    {
        var s = ConfirmedServer();
        Assert.Equal(LifecycleActions.None, s.OnHandshakeComplete(Ms(200)));
        var c = ConfirmedClient();
        Assert.Equal(LifecycleActions.None, c.OnHandshakeComplete(Ms(200)));
        Assert.Equal(ConnectionState.Confirmed, c.State);
    }
}
