using ActorQuic.Protocol.Connection;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>The idle timeout (RFC 9000 §10.1, §18.2 max_idle_timeout).</summary>
public class IdleTimeoutTests
{
    [Theory]
    [InlineData(30_000, 10_000, 10_000)] // both advertise: the minimum
    [InlineData(10_000, 30_000, 10_000)]
    [InlineData(30_000, 0, 30_000)] // the peer advertises none: ours
    [InlineData(0, 20_000, 20_000)] // we advertise none: the peer's
    public void Effective_idle_timeout_is_the_minimum_of_the_non_zero_values(double localMs, ulong peerMs, double expectedMs)
    {
        var c = Create(isServer: false, idleMs: localMs);
        c.OnPeerTransportParameters(peerMs);
        Assert.Equal(Ms(expectedMs), c.EffectiveIdleTimeout);
        Assert.Equal(Ms(expectedMs), c.IdleDeadline); // restarted at 0
    }

    [Fact]
    public void Both_zero_disables_the_idle_timeout()
    {
        var c = Create(isServer: true, idleMs: 0);
        c.OnPeerTransportParameters(0);
        Assert.Null(c.EffectiveIdleTimeout);
        Assert.Null(c.IdleDeadline);
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(1e9)));
        Assert.Equal(ConnectionState.Handshaking, c.State);
    }

    [Fact]
    public void Before_the_peer_parameters_only_the_local_value_counts()
    {
        var c = Create(isServer: false, idleMs: 5_000);
        Assert.Equal(Ms(5_000), c.IdleDeadline);
        c.OnPeerTransportParameters(2_000);
        Assert.Equal(Ms(2_000), c.IdleDeadline);
    }

    [Fact]
    public void Huge_peer_value_does_not_overflow()
    {
        var c = Create(isServer: false, idleMs: 0);
        c.OnPeerTransportParameters((1UL << 62) - 1);
        Assert.True(c.EffectiveIdleTimeout > TimeSpan.FromDays(365 * 30));
        Assert.True(c.IdleDeadline > Ms(0));
        Assert.Equal(LifecycleActions.None, c.OnTimeout(TimeSpan.FromDays(365)));
    }

    [Fact]
    public void Receiving_always_restarts_the_timer_sending_only_the_first_ack_eliciting_since_a_receive()
    {
        var c = Create(isServer: false, idleMs: 1_000);
        Assert.Equal(Ms(1_000), c.IdleDeadline);

        c.OnPacketReceived(Ms(100));
        Assert.Equal(Ms(1_100), c.IdleDeadline);

        c.OnAckElicitingSent(Ms(200)); // first since the receive: restarts
        Assert.Equal(Ms(1_200), c.IdleDeadline);
        c.OnAckElicitingSent(Ms(300)); // not the first: does not
        c.OnAckElicitingSent(Ms(400));
        Assert.Equal(Ms(1_200), c.IdleDeadline);

        c.OnPacketReceived(Ms(500)); // receiving always restarts
        Assert.Equal(Ms(1_500), c.IdleDeadline);
        c.OnPacketReceived(Ms(600));
        Assert.Equal(Ms(1_600), c.IdleDeadline);

        c.OnAckElicitingSent(Ms(700)); // first since the last receive again
        Assert.Equal(Ms(1_700), c.IdleDeadline);
    }

    [Fact]
    public void Sending_first_without_any_receive_restarts_once()
    {
        var c = Create(isServer: false, idleMs: 1_000, startMs: 0);
        c.OnAckElicitingSent(Ms(10)); // the ClientHello: the first ack-eliciting packet since "start"
        Assert.Equal(Ms(1_010), c.IdleDeadline);
        c.OnAckElicitingSent(Ms(900)); // a PTO probe does not keep an unanswered connection alive
        Assert.Equal(Ms(1_010), c.IdleDeadline);
    }

    [Fact]
    public void Idle_period_is_at_least_three_pto()
    {
        var c = Create(isServer: true, idleMs: 1_000);
        c.Pto = Ms(200);
        Assert.Equal(Ms(1_000), c.IdleDeadline); // 3 × 200 < 1000

        c.Pto = Ms(500); // RTT grew: 3 × 500 > 1000
        Assert.Equal(Ms(1_500), c.IdleDeadline);
        c.OnPacketReceived(Ms(100));
        Assert.Equal(Ms(1_600), c.IdleDeadline);
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(1_100))); // past the negotiated value, not past 3 × PTO
        Assert.Equal(ConnectionState.Handshaking, c.State);

        Assert.Equal(LifecycleActions.Terminated | LifecycleActions.Closed, c.OnTimeout(Ms(1_600)));
    }

    [Fact]
    public void Idle_timeout_closes_silently_without_a_closing_period()
    {
        var c = ConfirmedClient(idleMs: 2_000);
        c.OnPacketReceived(Ms(1_000));
        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(2_999)));
        Assert.Equal(ConnectionState.Confirmed, c.State);

        var actions = c.OnTimeout(Ms(3_000));
        Assert.Equal(LifecycleActions.Terminated | LifecycleActions.Closed, actions); // no SendConnectionClose
        Assert.Equal(ConnectionState.Closed, c.State);
        Assert.Equal(CloseSource.IdleTimeout, c.CloseInfo!.Source);
        Assert.Equal(0UL, c.CloseInfo.ErrorCode);
        Assert.Null(c.ClosePlan);
        Assert.Null(c.IdleDeadline);
        Assert.Null(c.NextDeadline);
    }

    [Fact]
    public void Idle_timeout_applies_during_the_handshake()
    {
        var c = Create(isServer: true, idleMs: 3_000);
        c.OnPacketReceived(Ms(10));
        Assert.Equal(LifecycleActions.Terminated | LifecycleActions.Closed, c.OnTimeout(Ms(3_010)));
        Assert.Equal(CloseSource.IdleTimeout, c.CloseInfo!.Source);
        Assert.False(c.IsHandshakeComplete);
    }

    [Fact]
    public void Packets_and_sends_while_closing_do_not_touch_the_idle_timer()
    {
        var c = ConfirmedServer(idleMs: 1_000);
        c.Close(0, isApplication: true, "bye", Ms(100), Ms(100));
        Assert.Null(c.IdleDeadline);
        c.OnAckElicitingSent(Ms(150));
        c.OnPacketReceived(Ms(200));
        Assert.Null(c.IdleDeadline);
        Assert.Equal(ConnectionState.Closing, c.State);
    }
}
