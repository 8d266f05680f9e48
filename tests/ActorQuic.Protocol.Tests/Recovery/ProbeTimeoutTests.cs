using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

/// <summary>The probe timeout (RFC 9002 §6.2) and key discard (§6.4).</summary>
public class ProbeTimeoutTests
{
    private const PacketNumberSpace Initial = PacketNumberSpace.Initial;
    private const PacketNumberSpace Handshake = PacketNumberSpace.Handshake;
    private const PacketNumberSpace App = PacketNumberSpace.ApplicationData;

    [Fact]
    public void Pto_starts_at_999ms_and_doubles_on_each_expiry()
    {
        var h = new LossHarness(isServer: true);
        h.Send(Initial, 0, Ms(0));
        // smoothed_rtt + 4*rttvar = 333 + 666; no max_ack_delay in the Initial space.
        Assert.Equal(Ms(999), h.Detector.LossDetectionTimer);
        Assert.Equal(LossDetectionAction.None, h.Timeout(Ms(998)).Action);

        var timeout = h.Timeout(Ms(999));
        Assert.Equal(new LossDetectionTimeout(LossDetectionAction.SendProbes, Initial, 2, 0), timeout);
        Assert.Empty(h.Lost); // a PTO declares nothing lost (§6.2)
        Assert.Equal(1, h.Detector.PtoCount);
        Assert.Equal(Ms(1998), h.Detector.LossDetectionTimer); // from the last ack-eliciting send, doubled

        h.Send(Initial, 1, Ms(999)); // the probe
        Assert.Equal(Ms(999 + 1998), h.Detector.LossDetectionTimer);
        Assert.Equal(2400, h.Congestion.BytesInFlight); // probes count in flight (§7.5)

        h.Timeout(Ms(2997));
        Assert.Equal(2, h.Detector.PtoCount);
        Assert.Equal(Ms(999 + 4 * 999), h.Detector.LossDetectionTimer);

        // An acknowledgment resets the backoff; packet 0 is by then past the time threshold.
        h.Ack(Initial, Ms(3000), (1, 1));
        Assert.Equal(0, h.Detector.PtoCount);
        Assert.Equal(new ulong[] { 0 }, h.LostNumbers);
        Assert.Null(h.Detector.LossDetectionTimer);
    }

    [Fact]
    public void Application_data_pto_waits_for_handshake_confirmation_and_adds_max_ack_delay()
    {
        var h = new LossHarness(isServer: true);
        h.Send(App, 0, Ms(0));
        Assert.Null(h.Detector.LossDetectionTimer); // §6.2.1: MUST NOT arm before confirmation

        h.Detector.OnHandshakeConfirmed(Ms(10));
        Assert.Equal(Ms(999 + 25), h.Detector.LossDetectionTimer);

        h.Detector.PeerMaxAckDelay = Ms(40);
        var timeout = h.Timeout(Ms(1039));
        Assert.Equal(new LossDetectionTimeout(LossDetectionAction.SendProbes, App, 2, 0), timeout);
        // Backoff applies to max_ack_delay too: (999 + 40) * 2.
        Assert.Equal(Ms(2078), h.Detector.LossDetectionTimer);
    }

    [Fact]
    public void Timer_takes_the_earliest_space_and_moves_on_as_keys_are_discarded()
    {
        var h = new LossHarness(isServer: true);
        h.Send(Initial, 0, Ms(0));
        h.Send(Handshake, 0, Ms(100));
        Assert.Equal(Ms(999), h.Detector.LossDetectionTimer);
        Assert.Equal(Initial, h.Timeout(Ms(999)).Space);

        h.Detector.DiscardSpace(Initial, Ms(1000));
        Assert.Equal(0, h.Detector.PtoCount); // reset on discard (appendix A.11)
        Assert.Equal(1200, h.Congestion.BytesInFlight);
        Assert.Equal(Ms(100 + 999), h.Detector.LossDetectionTimer);
        Assert.Equal(new LossDetectionTimeout(LossDetectionAction.SendProbes, Handshake, 2, 0), h.Timeout(Ms(1099)));

        h.Detector.OnHandshakeConfirmed(Ms(1150));
        h.Send(App, 0, Ms(1200));
        Assert.Equal(Ms(100 + 2 * 999), h.Detector.LossDetectionTimer); // Handshake, backed off, still earliest
        h.Detector.DiscardSpace(Handshake, Ms(1300));
        Assert.Equal(Ms(1200 + 999 + 25), h.Detector.LossDetectionTimer);
        Assert.Equal(App, h.Timeout(Ms(2224)).Space);
    }

    [Fact]
    public void Discarding_keys_removes_packets_from_flight()
    {
        var h = new LossHarness(isServer: true);
        h.Send(Initial, 0, Ms(0));
        h.Send(Initial, 1, Ms(1));
        h.Send(Handshake, 0, Ms(2), size: 1000);
        Assert.Equal(3400, h.Congestion.BytesInFlight);

        h.Detector.DiscardSpace(Initial, Ms(50));
        var ledger = h.Detector.GetLedger(Initial);
        Assert.True(ledger.IsDiscarded);
        Assert.Equal(0, ledger.OutstandingCount);
        Assert.Equal(0, ledger.BytesInFlight);
        Assert.Equal(1000, h.Congestion.BytesInFlight);
        Assert.Equal(12000, h.Congestion.CongestionWindow); // not a congestion signal

        Assert.Equal(default, h.Ack(Initial, Ms(60), (0, 1))); // late ACKs are ignored
        Assert.Throws<InvalidOperationException>(() => h.Send(Initial, 2, Ms(70)));
    }

    [Fact]
    public void Rejected_zero_rtt_packets_are_returned_for_retransmission()
    {
        var h = new LossHarness(isServer: false);
        h.Send(App, 0, Ms(0));
        h.Send(App, 1, Ms(1));
        var discarded = new List<SentPacket<string>>();
        h.Detector.DiscardSpace(App, Ms(100), discarded);
        Assert.Equal(new[] { "ApplicationData#0", "ApplicationData#1" }, discarded.Select(p => p.Payload));
        Assert.Equal(0, h.Congestion.BytesInFlight);
        h.Send(App, 2, Ms(200)); // the space goes on with 1-RTT packets
        Assert.Equal(1200, h.Congestion.BytesInFlight);
    }

    [Fact]
    public void Client_arms_an_anti_deadlock_pto_until_the_server_validated_its_address()
    {
        var h = new LossHarness(isServer: false);
        h.Send(Initial, 0, Ms(0));
        h.Ack(Initial, Ms(100), (0, 0)); // rtt 100 ms → PTO base 100 + 4*50 = 300 ms
        Assert.Equal(0, h.Detector.AckElicitingInFlight);
        Assert.False(h.Detector.PeerCompletedAddressValidation);
        Assert.Equal(Ms(400), h.Detector.LossDetectionTimer); // from now, though nothing is in flight

        var timeout = h.Timeout(Ms(400));
        Assert.Equal(new LossDetectionTimeout(LossDetectionAction.SendAntiDeadlockProbe, Initial, 1, 0), timeout);
        Assert.Equal(Ms(400 + 600), h.Detector.LossDetectionTimer);

        h.Detector.OnHandshakeKeysAvailable(Ms(500));
        Assert.Equal(Ms(500 + 600), h.Detector.LossDetectionTimer);
        timeout = h.Timeout(Ms(1100));
        Assert.Equal(new LossDetectionTimeout(LossDetectionAction.SendAntiDeadlockProbe, Handshake, 1, 0), timeout);
        Assert.Equal(2, h.Detector.PtoCount);

        // A Handshake ACK proves the server validated us: the timer goes quiet and the backoff resets.
        h.Send(Handshake, 0, Ms(1100));
        h.Ack(Handshake, Ms(1200), (0, 0));
        Assert.True(h.Detector.PeerCompletedAddressValidation);
        Assert.Equal(0, h.Detector.PtoCount);
        Assert.Null(h.Detector.LossDetectionTimer);
    }

    [Fact]
    public void Lost_handshake_data_keeps_a_pto_while_only_unconfirmed_application_data_is_in_flight()
    {
        // The client's Finished is lost while 1-RTT packets, which the server cannot acknowledge
        // before the handshake completes, fill the congestion window: without a Handshake PTO
        // the re-queued Finished could never leave (a handshake stall).
        var h = new LossHarness(isServer: false);
        h.Send(Initial, 0, Ms(0));
        h.Ack(Initial, Ms(100), (0, 0)); // rtt 100 ms → PTO base 100 + 4*50 = 300 ms
        h.Detector.OnHandshakeKeysAvailable(Ms(100));
        h.Detector.DiscardSpace(Initial, Ms(100));
        h.Send(Handshake, 0, Ms(100)); // Finished
        h.Send(Handshake, 1, Ms(100), size: 50, ackEliciting: false, inFlight: false); // an ACK
        for (ulong pn = 0; pn < 10; pn++) h.Send(App, pn, Ms(100));

        h.Ack(Handshake, Ms(200), (1, 1)); // the Finished is past its time threshold at 100 + 112.5
        Assert.Equal(Ms(212.5), h.Detector.LossDetectionTimer);
        Assert.Equal(LossDetectionAction.PacketsLost, h.Timeout(Ms(212.5)).Action);
        Assert.Equal(new ulong[] { 0 }, h.LostNumbers);
        Assert.Equal(0, h.Detector.GetLedger(Handshake).AckElicitingInFlight);
        Assert.Equal(10, h.Detector.AckElicitingInFlight);

        // No application data PTO before confirmation (§6.2.1), but the Handshake space keeps one.
        Assert.Equal(Ms(100 + 300), h.Detector.LossDetectionTimer);
        Assert.Equal(new LossDetectionTimeout(LossDetectionAction.SendProbes, Handshake, 2, 0), h.Timeout(Ms(400)));
        Assert.Equal(Ms(100 + 600), h.Detector.LossDetectionTimer);
        h.Send(Handshake, 2, Ms(400)); // the probe with the Finished
        Assert.Equal(Ms(400 + 600), h.Detector.LossDetectionTimer);

        // Once confirmed and the Handshake keys are gone, the application space takes over.
        h.Detector.OnHandshakeConfirmed(Ms(500));
        h.Detector.DiscardSpace(Handshake, Ms(500));
        Assert.Equal(Ms(100 + 300 + 25), h.Detector.LossDetectionTimer);
        Assert.Equal(App, h.Timeout(Ms(425)).Space);
    }

    [Fact]
    public void Client_keeps_the_backoff_on_initial_acks_but_a_server_resets_it()
    {
        foreach (bool isServer in new[] { false, true })
        {
            var h = new LossHarness(isServer);
            h.Send(Initial, 0, Ms(0));
            h.Timeout(Ms(999));
            h.Send(Initial, 1, Ms(999));
            h.Ack(Initial, Ms(1099), (0, 1));
            Assert.Equal(isServer ? 0 : 1, h.Detector.PtoCount); // §6.2.1
        }
    }

    [Fact]
    public void Amplification_limited_server_does_not_arm_the_timer()
    {
        var h = new LossHarness(isServer: true);
        h.Send(Initial, 0, Ms(0));
        Assert.False(h.Detector.SetAmplificationLimited(true, Ms(1)));
        Assert.Null(h.Detector.LossDetectionTimer);
        Assert.Equal(LossDetectionAction.None, h.Timeout(Ms(1500)).Action);

        // A datagram from the client unblocks it; the PTO that would have fired runs at once (appendix A.6).
        Assert.True(h.Detector.SetAmplificationLimited(false, Ms(2000)));
        Assert.Equal(Ms(999), h.Detector.LossDetectionTimer);
        Assert.Equal(LossDetectionAction.SendProbes, h.Timeout(Ms(2000)).Action);
    }

    [Fact]
    public void Time_threshold_timer_takes_precedence_over_pto()
    {
        var h = new LossHarness(isServer: true, handshakeConfirmed: true);
        h.Send(App, 0, Ms(0));
        h.Send(App, 1, Ms(10));
        h.Ack(App, Ms(110), (1, 1)); // rtt 100; packet 0 pending: lost at 0 + 112.5
        Assert.Equal(Ms(112.5), h.Detector.LossDetectionTimer);
        h.Send(App, 2, Ms(111));
        Assert.Equal(Ms(112.5), h.Detector.LossDetectionTimer); // not replaced by the PTO
        Assert.Equal(LossDetectionAction.PacketsLost, h.Timeout(Ms(112.5)).Action);
        Assert.Equal(Ms(111 + 300 + 25), h.Detector.LossDetectionTimer); // PTO for packet 2 now
    }
}
