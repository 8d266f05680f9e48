using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Tests.Streams;

public class SendFlowControllerTests
{
    [Fact]
    public void Limits_only_grow()
    {
        // RFC 9000 §4.1: MAX_DATA / MAX_STREAM_DATA that do not increase the limit are ignored.
        var fc = new SendFlowController(100);
        Assert.False(fc.OnLimitReceived(50));
        Assert.False(fc.OnLimitReceived(100));
        Assert.Equal(100UL, fc.Limit);
        Assert.True(fc.OnLimitReceived(200));
        Assert.Equal(200UL, fc.Available);
    }

    [Fact]
    public void Sending_beyond_credit_is_a_bug()
    {
        var fc = new SendFlowController(10);
        fc.OnSent(10);
        Assert.True(fc.IsBlocked);
        Assert.Throws<InvalidOperationException>(() => fc.OnSent(1));
    }

    [Fact]
    public void Blocked_is_signalled_once_per_limit()
    {
        var fc = new SendFlowController(10);
        Assert.False(fc.ShouldSendBlocked(hasDataWaiting: true, out _)); // credit left
        fc.OnSent(10);
        Assert.False(fc.ShouldSendBlocked(hasDataWaiting: false, out _)); // nothing to send: not blocked
        Assert.True(fc.ShouldSendBlocked(hasDataWaiting: true, out var at));
        Assert.Equal(10UL, at);
        Assert.False(fc.ShouldSendBlocked(hasDataWaiting: true, out _));
        fc.RearmBlocked(10); // the frame was lost
        Assert.True(fc.ShouldSendBlocked(hasDataWaiting: true, out _));
        fc.OnLimitReceived(20);
        Assert.False(fc.ShouldSendBlocked(hasDataWaiting: true, out _));
        fc.OnSent(10);
        Assert.True(fc.ShouldSendBlocked(hasDataWaiting: true, out at));
        Assert.Equal(20UL, at);
        fc.RearmBlocked(10); // stale: limit moved on
        Assert.False(fc.ShouldSendBlocked(hasDataWaiting: true, out _));
    }
}
