using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

public class RttEstimatorTests
{
    private static readonly TimeSpan MaxAckDelay = Ms(25);

    [Fact]
    public void Starts_from_the_initial_rtt_of_333ms()
    {
        var rtt = new RttEstimator();
        Assert.Equal(Ms(333), rtt.SmoothedRtt);
        Assert.Equal(Ms(166.5), rtt.RttVar);
        Assert.False(rtt.HasSample);
        // RFC 9002 §6.2.2: "handshakes starting with a PTO of 1 second": 333 + 4 * 166.5.
        Assert.Equal(Ms(999), rtt.PtoBase);
        Assert.Equal(Ms(1024), rtt.GetPtoPeriod(MaxAckDelay));
    }

    [Fact]
    public void First_sample_resets_the_estimator()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100), ackDelay: Ms(20), MaxAckDelay, handshakeConfirmed: false, now: Ms(100));
        // §5.3: the first sample ignores ack delay and history.
        Assert.Equal(Ms(100), rtt.LatestRtt);
        Assert.Equal(Ms(100), rtt.MinRtt);
        Assert.Equal(Ms(100), rtt.SmoothedRtt);
        Assert.Equal(Ms(50), rtt.RttVar);
        Assert.Equal(Ms(100), rtt.FirstSampleTime);
    }

    [Fact]
    public void Subsequent_sample_subtracts_plausible_ack_delay()
    {
        var rtt = Sampled(100);
        rtt.AddSample(Ms(120), ackDelay: Ms(10), MaxAckDelay, handshakeConfirmed: true, now: Ms(300));
        // adjusted = 120 - 10 = 110; rttvar = 3/4*50 + 1/4*|100-110| = 40; srtt = 7/8*100 + 1/8*110.
        Assert.Equal(Ms(40), rtt.RttVar);
        Assert.Equal(Ms(101.25), rtt.SmoothedRtt);
        Assert.Equal(Ms(100), rtt.MinRtt);
        Assert.Equal(Ms(120), rtt.LatestRtt);
    }

    [Fact]
    public void Ack_delay_is_capped_by_max_ack_delay_only_after_confirmation()
    {
        var confirmed = Sampled(100);
        confirmed.AddSample(Ms(200), ackDelay: Ms(50), MaxAckDelay, handshakeConfirmed: true, now: Ms(400));
        // min(50, 25) = 25 → adjusted 175
        Assert.Equal(TimeSpan.FromTicks((7 * Ms(100).Ticks + Ms(175).Ticks) / 8), confirmed.SmoothedRtt);

        var unconfirmed = Sampled(100);
        unconfirmed.AddSample(Ms(200), ackDelay: Ms(50), MaxAckDelay, handshakeConfirmed: false, now: Ms(400));
        // §5.3: max_ack_delay ignored before confirmation → adjusted 150
        Assert.Equal(TimeSpan.FromTicks((7 * Ms(100).Ticks + Ms(150).Ticks) / 8), unconfirmed.SmoothedRtt);
    }

    [Fact]
    public void Ack_delay_is_not_subtracted_below_min_rtt()
    {
        var rtt = Sampled(100);
        rtt.AddSample(Ms(105), ackDelay: Ms(10), MaxAckDelay, handshakeConfirmed: true, now: Ms(300));
        // 105 < 100 + 10, so the sample is used unadjusted.
        Assert.Equal(TimeSpan.FromTicks((7 * Ms(100).Ticks + Ms(105).Ticks) / 8), rtt.SmoothedRtt);
        Assert.Equal(TimeSpan.FromTicks((3 * Ms(50).Ticks + Ms(5).Ticks) / 4), rtt.RttVar);
    }

    [Fact]
    public void Min_rtt_ignores_ack_delay_and_resets_on_persistent_congestion()
    {
        var rtt = Sampled(100);
        rtt.AddSample(Ms(80), ackDelay: Ms(50), MaxAckDelay, handshakeConfirmed: true, now: Ms(300));
        Assert.Equal(Ms(80), rtt.MinRtt);
        rtt.AddSample(Ms(300), TimeSpan.Zero, MaxAckDelay, handshakeConfirmed: true, now: Ms(700));
        Assert.Equal(Ms(80), rtt.MinRtt);
        rtt.OnPersistentCongestion();
        Assert.Equal(Ms(300), rtt.MinRtt); // §5.2
    }

    [Fact]
    public void Loss_delay_is_nine_eighths_of_the_larger_rtt_with_granularity_floor()
    {
        var rtt = Sampled(80);
        Assert.Equal(Ms(90), rtt.LossDelay);
        rtt.AddSample(Ms(160), TimeSpan.Zero, MaxAckDelay, true, Ms(500)); // latest > smoothed
        Assert.Equal(Ms(180), rtt.LossDelay);

        var tiny = Sampled(0.1);
        Assert.Equal(RttEstimator.Granularity, tiny.LossDelay);
        Assert.Equal(Ms(0.1) + RttEstimator.Granularity, tiny.PtoBase); // max(4*rttvar, kGranularity)
    }

    private static RttEstimator Sampled(double ms)
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(ms), TimeSpan.Zero, MaxAckDelay, handshakeConfirmed: true, now: Ms(ms));
        return rtt;
    }
}
