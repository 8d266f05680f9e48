using ActorQuic.Protocol.Streams;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Streams;

public class ReceiveFlowControllerTests
{
    [Fact]
    public void Exceeding_the_advertised_limit_is_a_flow_control_error()
    {
        // RFC 9000 §4.1.
        var stream = new ReceiveFlowController(100);
        Assert.Equal(100UL, stream.OnReceivedOffset(100));
        Assert.Equal(0UL, stream.OnReceivedOffset(50)); // reordering never lowers the high mark
        var ex = Assert.Throws<QuicProtocolException>(() => stream.OnReceivedOffset(101));
        Assert.Equal(TransportErrorCode.FlowControlError, ex.ErrorCode);

        var connection = new ReceiveFlowController(150);
        connection.OnReceivedBytes(100);
        connection.OnReceivedBytes(50);
        Assert.Equal(TransportErrorCode.FlowControlError,
            Assert.Throws<QuicProtocolException>(() => connection.OnReceivedBytes(1)).ErrorCode);
    }

    [Fact]
    public void No_update_until_half_the_window_is_consumed()
    {
        var fc = new ReceiveFlowController(100);
        fc.OnReceivedOffset(100);
        Assert.False(fc.TryGetUpdate(out _)); // received but not read: no credit (back-pressure)
        fc.OnConsumed(49);
        Assert.False(fc.IsUpdateDue);
        Assert.False(fc.TryGetUpdate(out _));
        fc.OnConsumed(1);
        Assert.True(fc.IsUpdateDue);
        Assert.True(fc.TryGetUpdate(out var limit));
        Assert.Equal(150UL, limit);
        Assert.Equal(150UL, fc.Limit);
        Assert.False(fc.TryGetUpdate(out _));
    }

    [Fact]
    public void Limit_never_outruns_consumption_by_more_than_the_window()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var fc = new ReceiveFlowController(1000);
            ulong lastLimit = fc.Limit;
            for (int i = 0; i < 500; i++)
            {
                ulong room = fc.Limit - fc.Received;
                fc.OnReceivedOffset(fc.Received + (ulong)rng.Next(0, (int)room + 1));
                fc.OnConsumed((ulong)rng.Next(0, (int)(fc.Received - fc.Consumed) + 1));
                if (fc.TryGetUpdate(out var limit))
                {
                    Assert.True(limit > lastLimit);
                    lastLimit = limit;
                }
                Assert.True(fc.Limit <= fc.Consumed + fc.Window);
                Assert.True(fc.Limit - fc.Consumed >= fc.Window / 2); // a reader keeps the peer fed
            }
        }, seed: "0N0XIzNsQ0O2", iter: 100);
    }

    [Fact]
    public void Lost_update_is_repeated_unless_superseded()
    {
        var fc = new ReceiveFlowController(100);
        fc.OnReceivedOffset(60);
        fc.OnConsumed(60);
        Assert.True(fc.TryGetUpdate(out var first));
        fc.OnUpdateLost(first);
        Assert.True(fc.TryGetUpdate(out var again));
        Assert.Equal(first, again);
        Assert.False(fc.TryGetUpdate(out _));
        fc.OnUpdateLost(first - 1); // an older value: nothing to repeat
        Assert.False(fc.TryGetUpdate(out _));
    }

    [Fact]
    public void Autotuning_doubles_the_window_when_updates_come_faster_than_two_rtts()
    {
        var rtt = TimeSpan.FromMilliseconds(50);
        var fc = new ReceiveFlowController(1000, maxWindow: 3000);
        ulong received = 0;
        void ReadHalf() { received += 500; fc.OnReceivedOffset(received); fc.OnConsumed(500); }

        ReadHalf();
        Assert.True(fc.TryGetUpdate(TimeSpan.FromMilliseconds(0), rtt, out _));
        Assert.Equal(1000UL, fc.Window); // first update: no history yet
        ReadHalf();
        Assert.True(fc.TryGetUpdate(TimeSpan.FromMilliseconds(60), rtt, out var limit));
        Assert.Equal(2000UL, fc.Window);
        Assert.Equal(fc.Consumed + 2000, limit);
        received += 1000; fc.OnReceivedOffset(received); fc.OnConsumed(1000);
        Assert.True(fc.TryGetUpdate(TimeSpan.FromMilliseconds(70), rtt, out _));
        Assert.Equal(3000UL, fc.Window); // capped at the maximum
        // A slow reader (updates far apart) keeps the window as it is.
        var slow = new ReceiveFlowController(1000, maxWindow: 8000);
        slow.OnReceivedOffset(1000);
        slow.OnConsumed(500);
        slow.TryGetUpdate(TimeSpan.Zero, rtt, out _);
        slow.OnConsumed(500);
        slow.TryGetUpdate(TimeSpan.FromSeconds(1), rtt, out _);
        Assert.Equal(1000UL, slow.Window);
    }

    [Fact]
    public void ConsumeAll_releases_credit_of_discarded_data()
    {
        // RFC 9000 §4.4/§4.5: a reset stream's final size counts against the connection, and
        // discarding its unread bytes must give the credit back.
        var stream = new ReceiveFlowController(1000);
        var connection = new ReceiveFlowController(1000);
        connection.OnReceivedBytes(stream.OnReceivedOffset(300));
        stream.OnConsumed(100);
        connection.OnConsumed(100);
        connection.OnReceivedBytes(stream.OnReceivedOffset(700)); // RESET_STREAM final size 700
        connection.OnConsumed(stream.ConsumeAll());
        Assert.Equal(700UL, connection.Consumed);
        Assert.True(connection.TryGetUpdate(out var limit));
        Assert.Equal(1700UL, limit);
    }

    [Fact]
    public void Consuming_more_than_received_is_a_bug()
    {
        var fc = new ReceiveFlowController(100);
        fc.OnReceivedOffset(10);
        Assert.Throws<InvalidOperationException>(() => fc.OnConsumed(11));
    }
}
