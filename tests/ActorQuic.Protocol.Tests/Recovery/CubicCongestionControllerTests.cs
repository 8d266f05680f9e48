using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

public class CubicCongestionControllerTests
{
    private const int Mss = 1200;

    [Fact]
    public void Loss_reduces_the_window_by_beta_and_sets_k()
    {
        var (cc, _, now) = AfterLossAt(packets: 100, rttMs: 100);
        Assert.Equal(120_000, cc.WMax);
        Assert.Equal(84_000, cc.CongestionWindow); // β_cubic = 0.7
        Assert.Equal(84_000, cc.SlowStartThreshold);
        Assert.Null(cc.EpochStart);
        Assert.Equal(now, cc.RecoveryStartTime);

        // The avoidance stage starts with the first growing ACK: K = cbrt(W_max(1-β)/C) in segments.
        var rtt = Rtt(100);
        cc.OnPacketSent(Mss, now + Ms(1));
        cc.OnPacketAcked(Mss, now + Ms(1), now + Ms(101), rtt);
        Assert.Equal(now + Ms(101), cc.EpochStart);
        Assert.Equal(Math.Cbrt(100 * 0.3 / 0.4), cc.K, 9);
    }

    [Fact]
    public void Window_is_concave_up_to_w_max_then_convex()
    {
        var (cc, rtt, now) = AfterLossAt(packets: 100, rttMs: 100);
        var windows = RunCongestionAvoidance(cc, rtt, ref now, rounds: 90);
        // windows[r] is the window after round r (one RTT, 100 ms); t ≈ r/10 s, K ≈ 4.22 s.
        double wMax = 120_000;

        static long Growth(List<long> w, int from, int to) => w[to] - w[from];
        long early = Growth(windows, 0, 10);     // t 0..1 s: steep approach
        long plateau = Growth(windows, 37, 47);  // around K: nearly flat
        long late = Growth(windows, 75, 85);     // t 7.5..8.5 s: probing beyond W_max
        Assert.True(early > 2 * plateau, $"concave: early {early} vs plateau {plateau}");
        Assert.True(late > 2 * plateau, $"convex: late {late} vs plateau {plateau}");

        // The window reaches W_max about when t + RTT = K (round ≈ 41) and stays close around it.
        int firstAtMax = windows.FindIndex(w => w >= wMax);
        Assert.InRange(firstAtMax, 38, 44);
        Assert.InRange(windows[30], wMax * 0.98, wMax);
        Assert.InRange(windows[42], wMax * 0.98, wMax * 1.02);

        for (int r = 1; r < windows.Count; r++)
        {
            Assert.True(windows[r] >= windows[r - 1]); // never shrinks without loss
            Assert.True(windows[r] <= windows[r - 1] * 1.5 + Mss); // §4.2 target cap
        }
    }

    [Fact]
    public void Fast_convergence_lowers_w_max_when_losing_below_it()
    {
        var (cc, rtt, now) = AfterLossAt(packets: 100, rttMs: 100);
        RunCongestionAvoidance(cc, rtt, ref now, rounds: 5);
        double cwnd = cc.CongestionWindow;
        Assert.True(cwnd < 120_000);

        cc.OnPacketSent(Mss, now);
        cc.OnPacketsLost(Mss, now, now + Ms(100));
        Assert.InRange(cc.WMax, cwnd * (1 + 0.7) / 2, (cwnd + 1) * (1 + 0.7) / 2); // §4.7
        Assert.InRange(cc.CongestionWindow, (long)(cwnd * 0.7), (long)((cwnd + 1) * 0.7));
    }

    [Fact]
    public void Short_rtt_follows_the_reno_friendly_estimate()
    {
        // With a 5 ms RTT Reno gains α ≈ 0.53 segments per RTT, far more per second than the
        // cubic curve: the window tracks W_est (§4.3).
        var (cc, rtt, now) = AfterLossAt(packets: 20, rttMs: 5);
        long start = cc.CongestionWindow;
        Assert.Equal(16_800, start);
        var windows = RunCongestionAvoidance(cc, rtt, ref now, rounds: 10);
        Assert.Equal(cc.RenoFriendlyWindow, (double)cc.CongestionWindow, 0);
        long gained = windows[^1] - start;
        // ten windows acknowledged: about 10 * α * MSS = 6353 bytes, a little less as cwnd grows
        Assert.InRange(gained, 5_500, 6_400);
    }

    [Fact]
    public void Application_limited_time_does_not_count_toward_growth()
    {
        var (cc, rtt, now) = AfterLossAt(packets: 100, rttMs: 100);
        RunCongestionAvoidance(cc, rtt, ref now, rounds: 3);
        TimeSpan epoch = cc.EpochStart!.Value;
        long cwnd = cc.CongestionWindow;

        cc.SetAppLimited(true, now);
        cc.OnPacketSent(Mss, now);
        cc.OnPacketAcked(Mss, now, now + Ms(100), rtt);
        Assert.Equal(cwnd, cc.CongestionWindow); // no growth while app limited (§5.8 / RFC 9002 §7.8)

        cc.SetAppLimited(false, now + TimeSpan.FromSeconds(2));
        Assert.Equal(epoch + TimeSpan.FromSeconds(2), cc.EpochStart); // the idle time is skipped
    }

    [Fact]
    public void Persistent_congestion_restarts_from_the_minimum_with_a_convex_probe()
    {
        var (cc, rtt, now) = AfterLossAt(packets: 100, rttMs: 100);
        cc.OnPersistentCongestion(now);
        Assert.Equal(2 * Mss, cc.CongestionWindow);
        Assert.Equal(0, cc.WMax);
        Assert.True(cc.InSlowStart); // up to ssthresh = 84000

        var windows = RunCongestionAvoidance(cc, rtt, ref now, rounds: 8);
        Assert.False(cc.InSlowStart);
        // §4.8: first avoidance stage after the collapse: W_max = window at its start, K = 0.
        Assert.Equal(0, cc.K);
        Assert.True(cc.WMax >= 84_000);
        Assert.True(windows[^1] > windows[^2]);
    }

    [Fact]
    public void Is_the_default_controller()
    {
        var detector = new LossDetector<int>(isServer: false);
        Assert.IsType<CubicCongestionController>(detector.Congestion);
        Assert.Equal(12_000, detector.Congestion.CongestionWindow);
    }

    private static RttEstimator Rtt(double ms)
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(ms), TimeSpan.Zero, Ms(25), true, Ms(ms));
        return rtt;
    }

    /// <summary>Slow start to <paramref name="packets"/> segments, then one loss.</summary>
    private static (CubicCongestionController, RttEstimator, TimeSpan) AfterLossAt(int packets, double rttMs)
    {
        var cc = new CubicCongestionController(Mss);
        var rtt = Rtt(rttMs);
        var now = Ms(1000);
        while (cc.CongestionWindow < packets * Mss)
        {
            cc.OnPacketSent(Mss, now);
            cc.OnPacketAcked(Mss, now, now + Ms(rttMs), rtt);
        }
        Assert.Equal(packets * Mss, cc.CongestionWindow);
        now += Ms(rttMs);
        cc.OnPacketSent(Mss, now);
        now += Ms(rttMs);
        cc.OnPacketsLost(Mss, now - Ms(rttMs), now);
        return (cc, rtt, now);
    }

    /// <summary>
    /// Window-limited rounds: each RTT a full window is sent just after <paramref name="now"/>
    /// and acknowledged evenly over the next RTT. Returns the window after each round.
    /// </summary>
    private static List<long> RunCongestionAvoidance(CubicCongestionController cc, RttEstimator rtt, ref TimeSpan now, int rounds)
    {
        var windows = new List<long>();
        TimeSpan round = rtt.SmoothedRtt;
        for (int r = 0; r < rounds; r++)
        {
            TimeSpan sent = now + Ms(0.001);
            int n = (int)(cc.CongestionWindow / Mss);
            for (int i = 0; i < n; i++) cc.OnPacketSent(Mss, sent);
            for (int i = 0; i < n; i++) cc.OnPacketAcked(Mss, sent, sent + round + round * i / n, rtt);
            now += round;
            windows.Add(cc.CongestionWindow);
        }
        return windows;
    }
}
