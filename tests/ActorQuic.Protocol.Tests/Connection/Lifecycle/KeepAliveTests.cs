using ActorQuic.Protocol.Connection;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>Deferring the idle timeout with PINGs (RFC 9000 §10.1.2).</summary>
public class KeepAliveTests
{
    [Fact]
    public void Keep_alive_pings_keep_an_otherwise_silent_connection_open()
    {
        var c = ConfirmedClient(idleMs: 10_000, keepAliveMs: 4_000, atMs: 0);
        Assert.Equal(Ms(4_000), c.KeepAliveDeadline);
        Assert.Equal(Ms(10_000), c.IdleDeadline);

        // Simulate the shell: fire the timer, send the PING, the peer ACKs one RTT (50 ms) later.
        var now = Ms(0);
        for (int round = 1; round <= 10; round++)
        {
            now = c.NextDeadline!.Value;
            Assert.Equal(c.KeepAliveDeadline, now); // the ping is always due before the idle timeout
            Assert.True(now < c.IdleDeadline);
            Assert.Equal(LifecycleActions.SendPing, c.OnTimeout(now));
            c.OnAckElicitingSent(now);
            c.OnPacketReceived(now + Ms(50));
        }
        Assert.Equal(ConnectionState.Confirmed, c.State);
        Assert.True(now > Ms(30_000)); // well past three idle timeouts
    }

    [Fact]
    public void Other_ack_eliciting_traffic_postpones_the_ping()
    {
        var c = ConfirmedServer(keepAliveMs: 1_000, atMs: 100);
        Assert.Equal(Ms(1_100), c.KeepAliveDeadline);
        c.OnAckElicitingSent(Ms(600));
        Assert.Equal(Ms(1_600), c.KeepAliveDeadline);
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(1_100)));
        c.OnAckElicitingSent(Ms(1_500)); // not the first since a receive: idle timer stays, keep-alive moves
        Assert.Equal(Ms(2_500), c.KeepAliveDeadline);
        Assert.Equal(Ms(600 + 30_000), c.IdleDeadline);
    }

    [Fact]
    public void A_requested_ping_moves_the_deadline_even_before_it_is_sent()
    {
        var c = ConfirmedClient(keepAliveMs: 1_000, atMs: 0);
        Assert.Equal(LifecycleActions.SendPing, c.OnTimeout(Ms(1_000)));
        Assert.Equal(Ms(2_000), c.KeepAliveDeadline);
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(1_000))); // no busy loop
    }

    [Fact]
    public void Interval_is_capped_at_half_the_negotiated_idle_timeout()
    {
        var c = ConfirmedClient(idleMs: 30_000, keepAliveMs: 12_000, atMs: 0);
        Assert.Equal(Ms(12_000), c.KeepAliveInterval);
        c.OnPeerTransportParameters(10_000); // the peer's shorter timeout wins
        Assert.Equal(Ms(5_000), c.KeepAliveInterval);
        Assert.Equal(Ms(5_000), c.KeepAliveDeadline);

        var tight = ConfirmedClient(idleMs: 30_000, keepAliveMs: 20_000, atMs: 0);
        Assert.Equal(Ms(15_000), tight.KeepAliveInterval); // allowed by the options, still capped
    }

    [Fact]
    public void Keep_alive_waits_for_the_handshake_and_stops_when_closing()
    {
        var c = Create(isServer: false, keepAliveMs: 1_000);
        Assert.Null(c.KeepAliveDeadline); // PTO probes cover the handshake
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(5_000)));

        c.OnKeysAvailable(EncryptionLevel.Handshake);
        c.OnKeysAvailable(EncryptionLevel.OneRtt);
        c.OnHandshakeComplete(Ms(5_000)); // Established is enough
        Assert.Equal(Ms(6_000), c.KeepAliveDeadline);

        c.Close(0, true, null, Ms(5_500), Ms(100));
        Assert.Null(c.KeepAliveDeadline);
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(5_600)));
    }

    [Fact]
    public void Without_the_option_no_ping_is_ever_requested()
    {
        var c = ConfirmedClient(idleMs: 0);
        Assert.Null(c.KeepAliveInterval);
        Assert.Null(c.KeepAliveDeadline);
        Assert.Null(c.NextDeadline);
    }

    [Theory]
    [InlineData(30_000, 30_000)]
    [InlineData(30_000, 40_000)]
    [InlineData(30_000, 0)]
    [InlineData(30_000, -1)]
    public void Options_reject_a_keep_alive_not_below_the_idle_timeout(double idleMs, double keepAliveMs)
    {
        var options = new ConnectionLifecycleOptions { MaxIdleTimeout = Ms(idleMs), KeepAliveInterval = Ms(keepAliveMs) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionLifecycle(false, options, Ms(0)));
        Assert.Equal(nameof(ConnectionLifecycleOptions.KeepAliveInterval), e.ParamName);
    }

    [Fact]
    public void Options_accept_any_keep_alive_when_idle_timeout_is_off_and_reject_negative_idle()
    {
        new ConnectionLifecycleOptions { MaxIdleTimeout = TimeSpan.Zero, KeepAliveInterval = Ms(60_000) }.Validate();
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ConnectionLifecycleOptions { MaxIdleTimeout = Ms(-1) }.Validate());
        Assert.Equal(nameof(ConnectionLifecycleOptions.MaxIdleTimeout), e.ParamName);
    }
}
