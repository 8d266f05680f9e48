using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

/// <summary>
/// The RFC 9002 §7.6.3 example with one time unit = 100 ms. The RTT estimator is seeded with
/// steady 120 ms samples so that the PTO period (the example's "2") is about 200 ms and the
/// persistent congestion duration about 6 units. Unlike the example, the last ACK arrives one
/// RTT (1.2 units) after packet 9, consistent with that RTT.
/// </summary>
public class PersistentCongestionTests
{
    private const PacketNumberSpace App = PacketNumberSpace.ApplicationData;
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(10);

    private static TimeSpan At(double units) => T0 + Ms(units * 100);

    private static LossHarness SeededHarness()
    {
        var rtt = new RttEstimator();
        for (int i = 1; i <= 6; i++)
            rtt.AddSample(Ms(120), TimeSpan.Zero, Ms(25), handshakeConfirmed: true, now: TimeSpan.FromSeconds(i));
        var h = new LossHarness(isServer: true, handshakeConfirmed: true, rtt: rtt);
        Assert.InRange(h.Detector.PersistentCongestionDuration, Ms(550), Ms(650));
        return h;
    }

    private static void SendExampleUpToPacket7(LossHarness h, bool ackPacket5)
    {
        h.Send(App, 1, At(0));
        h.Send(App, 2, At(1));
        h.Ack(App, At(1.2), (1, 1));
        for (ulong pn = 3; pn <= 7; pn++)
        {
            h.Send(App, pn, At(pn - 1));
            if (ackPacket5 && pn == 6)
            {
                // Packet 5 (sent at unit 4) is acknowledged one RTT later: 2 by packet threshold,
                // 3 and 4 by time threshold (sent more than 9/8 RTT earlier).
                var early = h.Ack(App, At(5.2), (5, 5), (1, 1));
                Assert.Equal(new ulong[] { 2, 3, 4 }, h.LostNumbers);
                Assert.False(early.PersistentCongestion);
            }
        }
    }

    [Fact]
    public void Rfc9002_section_7_6_3_example_establishes_persistent_congestion()
    {
        var h = SeededHarness();
        SendExampleUpToPacket7(h, ackPacket5: false);
        h.Send(App, 8, At(8));  // PTO 1
        h.Send(App, 9, At(12)); // PTO 2

        var result = h.Ack(App, At(13.2), (9, 9), (1, 1));
        Assert.Equal(new ulong[] { 2, 3, 4, 5, 6, 7, 8 }, h.LostNumbers);
        Assert.True(result.PersistentCongestion); // 8 - 1 = 7 units > ~6 units
        Assert.InRange(h.Detector.PersistentCongestionDuration, Ms(450), Ms(650));

        // §7.6.2: collapse to kMinimumWindow; recovery ends, so the ACK of packet 9 then grows it in slow start.
        Assert.Equal(2400 + 1200, h.Congestion.CongestionWindow);
        Assert.Null(h.Congestion.RecoveryStartTime);
        Assert.True(h.Congestion.InSlowStart);
        Assert.Equal(h.Detector.Rtt.LatestRtt, h.Detector.Rtt.MinRtt); // §5.2
    }

    [Fact]
    public void An_acknowledgment_inside_the_period_prevents_persistent_congestion()
    {
        var h = SeededHarness();
        SendExampleUpToPacket7(h, ackPacket5: true);
        h.Send(App, 8, At(8));
        h.Send(App, 9, At(12));

        var result = h.Ack(App, At(13.2), (9, 9), (5, 5), (1, 1));
        Assert.Equal(new ulong[] { 6, 7, 8 }, h.LostNumbers);
        // Lost periods 2..4 (2 units) and 6..8 (3 units), split by acknowledged packet 5.
        Assert.False(result.PersistentCongestion);
        // Two ordinary recovery periods instead: 13200 → 6600 at unit 5.2, → 3300 now (packets 7
        // and 8 were sent after the first period began), and no collapse to the minimum window.
        Assert.Equal(3300, h.Congestion.CongestionWindow);
        Assert.Equal(At(13.2), h.Congestion.RecoveryStartTime);
    }

    [Fact]
    public void Packets_sent_before_the_first_rtt_sample_do_not_count()
    {
        // Same sends, no seeded estimator: the first sample is taken at unit 1.2, after packets
        // 1 and 2 were sent, and the initial-RTT PTO makes the period far longer anyway.
        var h = new LossHarness(isServer: true, handshakeConfirmed: true);
        SendExampleUpToPacket7(h, ackPacket5: false);
        h.Send(App, 8, At(8));
        h.Send(App, 9, At(12));
        var result = h.Ack(App, At(13.2), (9, 9), (1, 1));
        Assert.Equal(7, result.LostCount);
        Assert.False(result.PersistentCongestion);
    }
}
