using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

public class NewRenoCongestionControllerTests
{
    private readonly RttEstimator _rtt = new();

    [Fact]
    public void Initial_and_minimum_windows_follow_rfc9002_section_7_2()
    {
        var cc = new NewRenoCongestionController(1200);
        Assert.Equal(12000, cc.CongestionWindow); // min(10*1200, max(14720, 2400))
        Assert.Equal(2400, cc.MinimumWindow);
        Assert.Equal(long.MaxValue, cc.SlowStartThreshold);
        Assert.True(cc.InSlowStart);

        Assert.Equal(14720, new NewRenoCongestionController(1500).CongestionWindow);
        Assert.Equal(18000, RecoveryConstants.InitialWindow(9000));

        cc.SetMaxDatagramSize(1500); // still at the initial window: recomputed
        Assert.Equal(14720, cc.CongestionWindow);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NewRenoCongestionController(1199));
    }

    [Fact]
    public void Slow_start_then_loss_then_recovery_then_congestion_avoidance()
    {
        var cc = new NewRenoCongestionController(1200);

        // Slow start: the window fills, then each acknowledged byte adds one.
        for (int i = 0; i < 10; i++)
        {
            Assert.True(cc.CanSend(1200));
            cc.OnPacketSent(1200, Ms(i));
        }
        Assert.False(cc.CanSend(1));
        Assert.Equal(0, cc.AvailableWindow);
        for (int i = 0; i < 10; i++) cc.OnPacketAcked(1200, Ms(i), Ms(100 + i), _rtt);
        Assert.Equal(24000, cc.CongestionWindow);
        Assert.Equal(0, cc.BytesInFlight);

        // Twenty packets in flight, one lost: enter recovery, halve.
        for (int i = 0; i < 20; i++) cc.OnPacketSent(1200, Ms(200 + i));
        cc.OnPacketsLost(1200, largestLostSentTime: Ms(200), now: Ms(300));
        Assert.Equal(12000, cc.CongestionWindow);
        Assert.Equal(12000, cc.SlowStartThreshold);
        Assert.Equal(Ms(300), cc.RecoveryStartTime);
        Assert.Equal(22800, cc.BytesInFlight);

        // A second loss from the same flight does not reduce again (§7.3.2).
        cc.OnPacketsLost(1200, Ms(201), Ms(301));
        Assert.Equal(12000, cc.CongestionWindow);

        // Acknowledgments of packets sent before recovery do not grow the window.
        for (int i = 2; i < 20; i++) cc.OnPacketAcked(1200, Ms(200 + i), Ms(310 + i), _rtt);
        Assert.Equal(12000, cc.CongestionWindow);
        Assert.Equal(0, cc.BytesInFlight);

        // A packet sent after recovery began ends it: congestion avoidance, +1 datagram per window.
        for (int i = 0; i < 21; i++) cc.OnPacketSent(1200, Ms(400 + i));
        for (int i = 0; i < 9; i++) cc.OnPacketAcked(1200, Ms(400 + i), Ms(500 + i), _rtt);
        Assert.Equal(12000, cc.CongestionWindow); // 10800 bytes acked < one window
        cc.OnPacketAcked(1200, Ms(409), Ms(509), _rtt);
        Assert.Equal(13200, cc.CongestionWindow);
        for (int i = 10; i < 21; i++) cc.OnPacketAcked(1200, Ms(400 + i), Ms(500 + i), _rtt);
        Assert.Equal(14400, cc.CongestionWindow); // another 13200 bytes
        Assert.False(cc.InSlowStart);

        // A later loss halves again, from the grown window.
        cc.OnPacketSent(1200, Ms(600));
        cc.OnPacketsLost(1200, Ms(600), Ms(700));
        Assert.Equal(7200, cc.CongestionWindow);
    }

    [Fact]
    public void Persistent_congestion_collapses_to_the_minimum_and_restarts_slow_start()
    {
        var cc = new NewRenoCongestionController(1200);
        cc.OnPacketSent(1200, Ms(0));
        cc.OnPacketsLost(1200, Ms(0), Ms(100));
        Assert.Equal(6000, cc.CongestionWindow);

        cc.OnPersistentCongestion(Ms(100));
        Assert.Equal(2400, cc.CongestionWindow);
        Assert.Null(cc.RecoveryStartTime);
        Assert.True(cc.InSlowStart); // 2400 < ssthresh 6000

        cc.OnPacketSent(1200, Ms(150));
        cc.OnPacketAcked(1200, Ms(150), Ms(250), _rtt);
        Assert.Equal(3600, cc.CongestionWindow);
    }

    [Fact]
    public void Window_never_drops_below_the_minimum()
    {
        var cc = new NewRenoCongestionController(1200);
        cc.OnPersistentCongestion(Ms(0));
        cc.OnPacketsLost(0, Ms(10), Ms(20));
        Assert.Equal(2400, cc.CongestionWindow);
        Assert.Equal(1200, cc.SlowStartThreshold);
    }

    [Fact]
    public void Application_limited_sender_does_not_grow_the_window()
    {
        var cc = new NewRenoCongestionController(1200);
        cc.OnPacketSent(1200, Ms(0));
        cc.OnPacketSent(1200, Ms(1));
        cc.SetAppLimited(true, Ms(2));
        Assert.True(cc.IsAppLimited);
        cc.OnPacketAcked(1200, Ms(0), Ms(100), _rtt);
        Assert.Equal(12000, cc.CongestionWindow); // §7.8
        Assert.Equal(1200, cc.BytesInFlight);     // but the bytes leave flight

        cc.SetAppLimited(false, Ms(100));
        cc.OnPacketAcked(1200, Ms(1), Ms(101), _rtt);
        Assert.Equal(13200, cc.CongestionWindow);
    }

    [Fact]
    public void Ecn_congestion_event_follows_the_recovery_rule()
    {
        var cc = new NewRenoCongestionController(1200);
        cc.OnCongestionEvent(sentTime: Ms(5), now: Ms(50));
        Assert.Equal(6000, cc.CongestionWindow);
        cc.OnCongestionEvent(sentTime: Ms(40), now: Ms(60)); // sent before recovery began
        Assert.Equal(6000, cc.CongestionWindow);
        cc.OnCongestionEvent(sentTime: Ms(55), now: Ms(120));
        Assert.Equal(3000, cc.CongestionWindow);
    }
}
