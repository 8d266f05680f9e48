using ActorQuic.Protocol.Wire;
using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

/// <summary>Acknowledgment-based loss detection (RFC 9002 §6.1) and ACK processing.</summary>
public class LossDetectionTests
{
    private const PacketNumberSpace App = PacketNumberSpace.ApplicationData;

    [Fact]
    public void Packet_threshold_then_time_threshold()
    {
        var h = new LossHarness(handshakeConfirmed: true);
        for (ulong pn = 0; pn < 4; pn++) h.Send(App, pn, Ms(pn));
        Assert.Equal(4800, h.Congestion.BytesInFlight);

        var result = h.Ack(App, Ms(50), (3, 3));
        Assert.Equal(new ulong[] { 3 }, h.AckedNumbers);
        Assert.Equal(new ulong[] { 0 }, h.LostNumbers); // 3 >= 0 + kPacketThreshold
        Assert.True(result.RttSampled);
        Assert.True(result.CongestionEvent);
        Assert.Equal(Ms(47), h.Detector.Rtt.LatestRtt);
        // loss_delay = 9/8 * 47 ms = 52.875 ms; packet 1 (sent at 1 ms) may be lost at 53.875 ms.
        Assert.Equal(Ms(53.875), h.Detector.GetLedger(App).LossTime);
        Assert.Equal(Ms(53.875), h.Detector.LossDetectionTimer);

        Assert.Equal(LossDetectionAction.None, h.Timeout(Ms(53.8)).Action); // early: nothing

        var timeout = h.Timeout(Ms(53.875));
        Assert.Equal(new LossDetectionTimeout(LossDetectionAction.PacketsLost, App, 0, 1), timeout);
        Assert.Equal(new ulong[] { 1 }, h.LostNumbers);
        Assert.Equal(Ms(54.875), h.Detector.LossDetectionTimer);

        timeout = h.Timeout(Ms(54.875));
        Assert.Equal(LossDetectionAction.PacketsLost, timeout.Action);
        Assert.Equal(new ulong[] { 2 }, h.LostNumbers);
        Assert.Null(h.Detector.LossDetectionTimer); // a server with nothing in flight
        Assert.Equal(0, h.Congestion.BytesInFlight);
        // One congestion event: the later losses were sent before recovery began (RFC 9002 §7.3.2).
        Assert.Equal(6000, h.Congestion.CongestionWindow);
    }

    [Fact]
    public void Packet_threshold_is_three_packets()
    {
        var h = new LossHarness(handshakeConfirmed: true);
        h.Send(App, 0, Ms(0), ackEliciting: false, inFlight: false); // an ACK-only packet
        for (ulong pn = 1; pn < 6; pn++) h.Send(App, pn, Ms(pn));

        h.Ack(App, Ms(100), (3, 3));
        Assert.Equal(new ulong[] { 0 }, h.LostNumbers); // only the ACK-only packet: 3 >= 0 + 3
        Assert.Equal(6000 - 1200, h.Congestion.BytesInFlight);
        Assert.Equal(13200, h.Congestion.CongestionWindow); // not in flight: no congestion event; slow start

        h.Ack(App, Ms(101), (4, 4));
        Assert.Equal(new ulong[] { 1 }, h.LostNumbers);
        Assert.Equal(6600, h.Congestion.CongestionWindow);
    }

    [Fact]
    public void Rtt_sample_needs_a_newly_acked_largest_and_an_ack_eliciting_packet()
    {
        var h = new LossHarness(handshakeConfirmed: true);
        h.Send(App, 0, Ms(0));
        h.Send(App, 1, Ms(10), ackEliciting: false, inFlight: false);

        var result = h.Ack(App, Ms(100), (0, 1));
        Assert.True(result.RttSampled);
        Assert.Equal(Ms(90), h.Detector.Rtt.LatestRtt); // measured on the largest acknowledged

        result = h.Ack(App, Ms(200), (0, 1)); // nothing new
        Assert.Equal(default, result);

        h.Send(App, 2, Ms(210), ackEliciting: false, inFlight: false);
        result = h.Ack(App, Ms(300), (0, 2));
        Assert.Equal(1, result.NewlyAckedCount);
        Assert.False(result.RttSampled); // only a non-ack-eliciting packet newly acknowledged
        Assert.Equal(Ms(90), h.Detector.Rtt.LatestRtt);
    }

    [Fact]
    public void Ack_delay_is_ignored_for_initial_packets_only()
    {
        var initial = new LossHarness();
        initial.Send(PacketNumberSpace.Initial, 0, Ms(0));
        initial.Send(PacketNumberSpace.Initial, 1, Ms(10));
        initial.Ack(PacketNumberSpace.Initial, Ms(100), (0, 0));
        initial.AckWithDelay(PacketNumberSpace.Initial, Ms(200), Ms(50), (1, 1));
        Assert.Equal(Ms((7 * 100 + 190) / 8.0), initial.Detector.Rtt.SmoothedRtt);

        var handshake = new LossHarness();
        handshake.Send(PacketNumberSpace.Handshake, 0, Ms(0));
        handshake.Send(PacketNumberSpace.Handshake, 1, Ms(10));
        handshake.Ack(PacketNumberSpace.Handshake, Ms(100), (0, 0));
        handshake.AckWithDelay(PacketNumberSpace.Handshake, Ms(200), Ms(50), (1, 1));
        Assert.Equal(Ms((7 * 100 + 140) / 8.0), handshake.Detector.Rtt.SmoothedRtt);
    }

    [Fact]
    public void Acked_packets_come_back_ascending_across_ranges_with_payloads()
    {
        var h = new LossHarness(handshakeConfirmed: true);
        for (ulong pn = 0; pn < 8; pn++) h.Send(App, pn, Ms(pn * 0.1));
        h.Ack(App, Ms(20), (6, 7), (3, 4), (0, 1));
        Assert.Equal(new ulong[] { 0, 1, 3, 4, 6, 7 }, h.AckedNumbers);
        Assert.Equal("ApplicationData#6", h.Acked[4].Payload);
        Assert.Equal(new ulong[] { 2 }, h.LostNumbers); // 7 >= 2 + 3; 5 survives until later
        var ledger = h.Detector.GetLedger(App);
        Assert.Equal(1, ledger.OutstandingCount);
        Assert.True(ledger.TryGetOutstanding(5, out var five));
        Assert.Equal(Ms(0.5), five.TimeSent);
    }

    [Fact]
    public void Acknowledging_an_unsent_packet_is_a_protocol_violation()
    {
        var h = new LossHarness(handshakeConfirmed: true);
        h.Send(App, 0, Ms(0));
        var ex = Assert.Throws<QuicProtocolException>(() => h.Ack(App, Ms(10), (1, 1)));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
        Assert.Throws<QuicProtocolException>(() => h.Ack(PacketNumberSpace.Handshake, Ms(10), (0, 0)));
    }

    [Fact]
    public void Ecn_ce_increase_is_a_congestion_event()
    {
        var h = new LossHarness(handshakeConfirmed: true);
        h.Send(App, 0, Ms(0));
        h.Send(App, 1, Ms(1));
        h.Lost.Clear();
        var result = h.Detector.OnAckReceived(App, [new AckRange(0, 0)], TimeSpan.Zero, Ms(50), h.Acked, h.Lost, ecnCeCount: 1);
        Assert.True(result.CongestionEvent);
        Assert.Equal(6000, h.Congestion.CongestionWindow);
        Assert.Equal(Ms(50), h.Congestion.RecoveryStartTime);

        h.Send(App, 2, Ms(60));
        result = h.Detector.OnAckReceived(App, [new AckRange(1, 2)], TimeSpan.Zero, Ms(120), h.Acked, h.Lost, ecnCeCount: 1);
        Assert.False(result.CongestionEvent); // count unchanged
    }

    [Fact]
    public void Packet_numbers_must_increase()
    {
        var h = new LossHarness();
        h.Send(App, 5, Ms(0));
        Assert.Throws<ArgumentException>(() => h.Send(App, 5, Ms(1)));
    }

    [Fact]
    public void Ledger_grows_and_compacts_over_many_packets()
    {
        var h = new LossHarness(handshakeConfirmed: true);
        var t = Ms(0);
        for (ulong pn = 0; pn < 2000; pn++)
        {
            h.Send(App, pn, t);
            if (pn % 2 == 1)
            {
                t += Ms(1);
                h.Ack(App, t, (pn - 1, pn));
                Assert.Equal(2, h.Acked.Count);
                Assert.Empty(h.Lost);
            }
        }
        Assert.Equal(0, h.Detector.GetLedger(App).OutstandingCount);
        Assert.Equal(0, h.Congestion.BytesInFlight);
    }
}
