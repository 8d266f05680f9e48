using ActorQuic.Protocol.Connection;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>Discarding unused keys (RFC 9001 §4.9) and the server's address validation (RFC 9000 §8.1).</summary>
public class KeyDiscardTests
{
    [Fact]
    public void Client_discards_initial_keys_when_it_first_sends_a_handshake_packet()
    {
        var c = Create(isServer: false);
        Assert.True(c.HasKeys(EncryptionLevel.Initial));
        Assert.Equal(LifecycleActions.None, c.OnHandshakePacketProcessed()); // processing is the server's signal
        Assert.False(c.IsDiscarded(EncryptionLevel.Initial));

        Assert.Equal(LifecycleActions.DiscardInitialKeys, c.OnHandshakePacketSent());
        Assert.True(c.IsDiscarded(EncryptionLevel.Initial));
        Assert.Equal(LifecycleActions.None, c.OnHandshakePacketSent()); // only the first
        Assert.True(c.IsPeerAddressValidated); // a client has no amplification limit to lift (RFC 9000 §8.1)
    }

    [Fact]
    public void Server_discards_initial_keys_and_validates_the_address_when_it_first_processes_a_handshake_packet()
    {
        var s = Create(isServer: true);
        Assert.False(s.IsPeerAddressValidated);
        Assert.Equal(LifecycleActions.None, s.OnHandshakePacketSent()); // sending is the client's signal
        Assert.False(s.IsDiscarded(EncryptionLevel.Initial));

        Assert.Equal(LifecycleActions.DiscardInitialKeys | LifecycleActions.AddressValidated, s.OnHandshakePacketProcessed());
        Assert.True(s.IsPeerAddressValidated);
        Assert.Equal(LifecycleActions.None, s.OnHandshakePacketProcessed());
    }

    [Fact]
    public void Server_validates_the_address_by_token_before_any_handshake_packet()
    {
        var s = Create(isServer: true);
        Assert.Equal(LifecycleActions.AddressValidated, s.OnAddressValidated());
        Assert.Equal(LifecycleActions.None, s.OnAddressValidated());
        Assert.Equal(LifecycleActions.DiscardInitialKeys, s.OnHandshakePacketProcessed()); // already validated
        Assert.Equal(LifecycleActions.None, Create(isServer: false).OnAddressValidated());
    }

    [Fact]
    public void Client_discards_zero_rtt_keys_when_it_installs_one_rtt_keys()
    {
        var c = Create(isServer: false);
        Assert.Equal(LifecycleActions.None, c.OnKeysAvailable(EncryptionLevel.ZeroRtt));
        Assert.True(c.HasKeys(EncryptionLevel.ZeroRtt));
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        Assert.Equal(LifecycleActions.DiscardZeroRttKeys, c.OnKeysAvailable(EncryptionLevel.OneRtt));
        Assert.True(c.IsDiscarded(EncryptionLevel.ZeroRtt));
        Assert.Equal(LifecycleActions.None, c.OnKeysAvailable(EncryptionLevel.ZeroRtt)); // discarded keys stay gone
        Assert.False(c.HasKeys(EncryptionLevel.ZeroRtt));

        var without = Create(isServer: false);
        Assert.Equal(LifecycleActions.None, without.OnKeysAvailable(EncryptionLevel.OneRtt)); // nothing to discard
    }

    [Fact]
    public void Server_keeps_zero_rtt_keys_three_pto_after_the_first_one_rtt_packet()
    {
        var s = Create(isServer: true);
        s.Pto = Ms(200);
        s.OnKeysAvailable(EncryptionLevel.ZeroRtt);
        s.OnKeysAvailable(EncryptionLevel.Handshake);
        s.OnKeysAvailable(EncryptionLevel.OneRtt); // a server keeps 0-RTT keys past this
        Assert.Null(s.ZeroRttKeyDiscardDeadline);

        s.OnOneRttPacketReceived(Ms(1_000));
        Assert.Equal(Ms(1_600), s.ZeroRttKeyDiscardDeadline);
        s.OnOneRttPacketReceived(Ms(1_100)); // only the first starts the clock
        Assert.Equal(Ms(1_600), s.ZeroRttKeyDiscardDeadline);
        Assert.Equal(Ms(1_600), s.NextDeadline);

        Assert.Equal(LifecycleActions.None, s.OnTimeout(Ms(1_599)));
        Assert.True(s.HasKeys(EncryptionLevel.ZeroRtt));
        Assert.Equal(LifecycleActions.DiscardZeroRttKeys, s.OnTimeout(Ms(1_600)));
        Assert.True(s.IsDiscarded(EncryptionLevel.ZeroRtt));
        Assert.Null(s.ZeroRttKeyDiscardDeadline);
        Assert.Equal(LifecycleActions.None, s.OnTimeout(Ms(1_700)));
    }

    [Fact]
    public void Zero_rtt_timer_needs_a_server_with_zero_rtt_keys()
    {
        var noKeys = Create(isServer: true);
        noKeys.OnOneRttPacketReceived(Ms(10));
        Assert.Null(noKeys.ZeroRttKeyDiscardDeadline);

        var client = Create(isServer: false);
        client.OnKeysAvailable(EncryptionLevel.ZeroRtt);
        client.OnOneRttPacketReceived(Ms(10));
        Assert.Null(client.ZeroRttKeyDiscardDeadline);
    }

    [Fact]
    public void Confirmation_discards_handshake_keys_once()
    {
        var c = ConfirmedClient();
        Assert.True(c.IsDiscarded(EncryptionLevel.Initial));
        Assert.True(c.IsDiscarded(EncryptionLevel.Handshake));
        Assert.True(c.HasKeys(EncryptionLevel.OneRtt));
        Assert.Equal(LifecycleActions.None, c.OnOneRttPacketAcknowledged(Ms(500)));
    }
}
