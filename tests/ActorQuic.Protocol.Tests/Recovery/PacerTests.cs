using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

public class PacerTests
{
    private const long Cwnd = 12000;
    private static readonly TimeSpan Srtt = Ms(100);

    [Fact]
    public void Rate_is_five_fourths_of_the_window_per_rtt()
    {
        var pacer = new Pacer(1200);
        Assert.Equal(150_000, pacer.GetRate(Cwnd, Srtt), 6); // 1.25 * 12000 B / 0.1 s
        Assert.Equal(12000, pacer.BurstBytes);
    }

    [Fact]
    public void Sends_a_burst_of_ten_then_one_packet_per_interval()
    {
        var pacer = new Pacer(1200);
        var now = Ms(0);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(now, pacer.GetNextSendTime(1200, now, Cwnd, Srtt));
            pacer.OnPacketSent(1200, now, Cwnd, Srtt);
        }
        // interval = srtt * size / cwnd / N = 100 ms * 1200 / 12000 / 1.25 = 8 ms
        Assert.Equal(Ms(8), pacer.GetNextSendTime(1200, now, Cwnd, Srtt));
        Assert.Equal(Ms(8), pacer.GetNextSendTime(1200, Ms(3), Cwnd, Srtt));

        pacer.OnPacketSent(1200, Ms(8), Cwnd, Srtt);
        Assert.Equal(Ms(16), pacer.GetNextSendTime(1200, Ms(8), Cwnd, Srtt));
        Assert.Equal(Ms(12), pacer.GetNextSendTime(600, Ms(8), Cwnd, Srtt)); // smaller packets wait less
    }

    [Fact]
    public void Bucket_refills_to_the_burst_limit_only()
    {
        var pacer = new Pacer(1200);
        for (int i = 0; i < 10; i++) pacer.OnPacketSent(1200, Ms(0), Cwnd, Srtt);

        // After a long idle period, again exactly ten packets go at once.
        var now = TimeSpan.FromSeconds(5);
        int sent = 0;
        while (pacer.GetNextSendTime(1200, now, Cwnd, Srtt) == now)
        {
            pacer.OnPacketSent(1200, now, Cwnd, Srtt);
            sent++;
        }
        Assert.Equal(10, sent);
    }

    [Fact]
    public void Rate_follows_the_window_and_rtt()
    {
        var pacer = new Pacer(1200);
        for (int i = 0; i < 10; i++) pacer.OnPacketSent(1200, Ms(0), Cwnd, Srtt);
        Assert.Equal(Ms(4), pacer.GetNextSendTime(1200, Ms(0), 2 * Cwnd, Srtt));
        Assert.Equal(Ms(16), pacer.GetNextSendTime(1200, Ms(0), Cwnd, 2 * Srtt));
    }

    [Fact]
    public void Packets_sent_ahead_of_the_pace_delay_what_follows()
    {
        var pacer = new Pacer(1200);
        for (int i = 0; i < 12; i++) pacer.OnPacketSent(1200, Ms(0), Cwnd, Srtt); // two probes beyond the burst
        Assert.Equal(Ms(24), pacer.GetNextSendTime(1200, Ms(0), Cwnd, Srtt));
    }
    [Fact]
    public void At_high_rates_it_waits_at_least_the_minimum_delay_and_then_sends_what_is_due_at_once()
    {
        // 1.25 * 120,000 B / 1 ms = 150 MB/s: a 1,200-byte datagram is due every 8 µs.
        const long window = 120_000;
        var srtt = Ms(1);
        var pacer = new Pacer(1200);
        Assert.Equal(150_000, pacer.GetCapacity(window, srtt), 6); // 1 ms of the rate, more than ten datagrams
        for (int i = 0; i < 10; i++) pacer.OnPacketSent(1200, Ms(0), window, srtt);

        Assert.Equal(Pacer.DefaultMinimumDelay, pacer.GetNextSendTime(1200, Ms(0), window, srtt));
        var now = Pacer.DefaultMinimumDelay;
        int sent = 0;
        while (pacer.GetNextSendTime(1200, now, window, srtt) == now)
        {
            pacer.OnPacketSent(1200, now, window, srtt);
            sent++;
        }
        Assert.Equal(125, sent); // 150,000 B refilled in 1 ms
    }

    [Fact]
    public void A_zero_minimum_delay_spaces_each_datagram_at_high_rates()
    {
        var pacer = new Pacer(1200, minimumDelay: TimeSpan.Zero);
        for (int i = 0; i < 10; i++) pacer.OnPacketSent(1200, Ms(0), 120_000, Ms(1));
        Assert.Equal(TimeSpan.FromTicks(80), pacer.GetNextSendTime(1200, Ms(0), 120_000, Ms(1))); // 8 µs
        Assert.Equal(12_000, pacer.GetCapacity(120_000, Ms(1)), 6);
    }
}
