using ActorQuic.Protocol.Connection;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>One timer per connection: the earliest of all deadlines (DESIGN.md).</summary>
public class ConnectionTimersTests
{
    private static readonly TimerKind[] AllKinds = Enum.GetValues<TimerKind>();

    [Fact]
    public void Nothing_armed_means_no_timer()
    {
        var timers = new ConnectionTimers();
        Assert.Null(timers.Earliest);
        Assert.False(timers.TryGetEarliest(out _, out _));
        Assert.False(timers.TryTakeExpired(TimeSpan.MaxValue, out _));
    }

    [Fact]
    public void Each_kind_can_be_the_earliest()
    {
        foreach (var winner in AllKinds)
        {
            var timers = new ConnectionTimers();
            foreach (var kind in AllKinds) timers.Set(kind, Ms(1_000 + 10 * (int)kind));
            timers.Set(winner, Ms(500));
            Assert.True(timers.TryGetEarliest(out var at, out var which));
            Assert.Equal(Ms(500), at);
            Assert.Equal(winner, which);
            Assert.Equal(Ms(500), timers.Get(winner));
        }
    }

    [Fact]
    public void Expired_timers_come_out_in_deadline_order_then_kind_order()
    {
        var timers = new ConnectionTimers();
        timers.Set(TimerKind.Pacing, Ms(30));
        timers.Set(TimerKind.AckDelay, Ms(10));
        timers.Set(TimerKind.LossDetection, Ms(20));
        timers.Set(TimerKind.KeepAlive, Ms(20));
        timers.Set(TimerKind.Idle, Ms(40));
        timers.Set(TimerKind.PathValidation, null); // clears nothing armed: fine

        var fired = new List<TimerKind>();
        while (timers.TryTakeExpired(Ms(30), out var kind)) fired.Add(kind);

        Assert.Equal([TimerKind.AckDelay, TimerKind.LossDetection, TimerKind.KeepAlive, TimerKind.Pacing], fired);
        Assert.Equal(Ms(40), timers.Earliest); // the idle timer is still ahead
        Assert.Null(timers.Get(TimerKind.AckDelay));
    }

    [Fact]
    public void Set_to_null_and_clear_disarm()
    {
        var timers = new ConnectionTimers();
        timers.Set(TimerKind.LossDetection, Ms(5));
        timers.Set(TimerKind.AckDelay, Ms(7));
        timers.Set(TimerKind.LossDetection, null);
        Assert.Equal(Ms(7), timers.Earliest);
        timers.Clear(TimerKind.AckDelay);
        Assert.Null(timers.Earliest);
    }

    [Fact]
    public void Lifecycle_deadlines_join_the_callers_and_the_earliest_wins()
    {
        var s = Create(isServer: true, idleMs: 10_000, keepAliveMs: 2_000);
        s.Pto = Ms(100);
        s.OnKeysAvailable(EncryptionLevel.ZeroRtt);
        s.OnKeysAvailable(EncryptionLevel.Handshake);
        s.OnKeysAvailable(EncryptionLevel.OneRtt);
        s.OnHandshakePacketProcessed();
        s.OnHandshakeComplete(Ms(100));
        s.OnOneRttPacketReceived(Ms(150)); // 0-RTT keys go at 450

        var timers = new ConnectionTimers();
        s.ApplyTo(timers);
        Assert.Equal(Ms(10_000), timers.Get(TimerKind.Idle));
        Assert.Equal(Ms(2_100), timers.Get(TimerKind.KeepAlive));
        Assert.Equal(Ms(450), timers.Get(TimerKind.ZeroRttKeyDiscard));
        Assert.Null(timers.Get(TimerKind.Close));
        Assert.Equal(Ms(450), s.NextDeadline);

        // The owner adds the other components' deadlines.
        timers.Set(TimerKind.LossDetection, Ms(400));
        timers.Set(TimerKind.AckDelay, Ms(175));
        timers.Set(TimerKind.Pacing, Ms(160));
        timers.Set(TimerKind.PathValidation, Ms(900));
        timers.Set(TimerKind.OldKeyDiscard, Ms(700));
        Assert.True(timers.TryGetEarliest(out var at, out var kind));
        Assert.Equal((Ms(160), TimerKind.Pacing), (at, kind));

        // Step through virtual time, firing one timer at a time, as the shell would.
        var order = new List<(TimeSpan, TimerKind)>();
        while (timers.TryGetEarliest(out at, out _) && at <= Ms(2_100))
        {
            while (timers.TryTakeExpired(at, out kind))
            {
                order.Add((at, kind));
                if (kind is TimerKind.ZeroRttKeyDiscard or TimerKind.KeepAlive)
                {
                    var actions = s.OnTimeout(at);
                    Assert.Equal(kind == TimerKind.KeepAlive ? LifecycleActions.SendPing : LifecycleActions.DiscardZeroRttKeys, actions);
                }
            }
            s.ApplyTo(timers);
        }
        Assert.Equal(
        [
            (Ms(160), TimerKind.Pacing), (Ms(175), TimerKind.AckDelay), (Ms(400), TimerKind.LossDetection),
            (Ms(450), TimerKind.ZeroRttKeyDiscard), (Ms(700), TimerKind.OldKeyDiscard),
            (Ms(900), TimerKind.PathValidation), (Ms(2_100), TimerKind.KeepAlive),
        ], order);
        Assert.Equal(Ms(4_100), timers.Get(TimerKind.KeepAlive)); // re-armed from the request
        Assert.Null(timers.Get(TimerKind.ZeroRttKeyDiscard));
    }

    [Fact]
    public void Closing_keeps_only_the_close_timer()
    {
        var c = ConfirmedClient(keepAliveMs: 1_000);
        var timers = new ConnectionTimers();
        c.ApplyTo(timers);
        timers.Set(TimerKind.LossDetection, Ms(80));
        timers.Set(TimerKind.AckDelay, Ms(60));

        c.Close(0, true, null, Ms(100), Ms(200));
        c.ApplyTo(timers);
        Assert.True(timers.IsClosingPeriod);
        foreach (var kind in AllKinds)
            Assert.Equal(kind == TimerKind.Close ? Ms(700) : null, timers.Get(kind));

        timers.Set(TimerKind.LossDetection, Ms(150)); // a late update from the resender is ignored
        Assert.Equal((Ms(700), TimerKind.Close), (timers.Earliest!.Value, timers.TryGetEarliest(out _, out var k) ? k : default));

        Assert.True(timers.TryTakeExpired(Ms(700), out var fired));
        Assert.Equal(TimerKind.Close, fired);
        Assert.Equal(LifecycleActions.Closed, c.OnTimeout(Ms(700)));
        c.ApplyTo(timers);
        Assert.Null(timers.Earliest); // closed: no timer at all
    }
}
