using ActorQuic.Protocol.Wire;
using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

public class AckTrackerTests
{
    [Theory]
    [InlineData(PacketNumberSpace.Initial)]
    [InlineData(PacketNumberSpace.Handshake)]
    public void Handshake_spaces_acknowledge_immediately(PacketNumberSpace space)
    {
        var tracker = new AckTracker(space);
        tracker.OnPacketReceived(0, ackEliciting: true, Ms(10));
        Assert.Equal(Ms(10), tracker.AckDeadline);
        Assert.True(tracker.IsAckDue(Ms(10)));
    }

    [Fact]
    public void Application_space_acknowledges_every_second_ack_eliciting_packet()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData, Ms(25));
        tracker.OnPacketReceived(0, true, Ms(10));
        Assert.Equal(Ms(35), tracker.AckDeadline); // within max_ack_delay
        Assert.False(tracker.IsAckDue(Ms(34)));
        Assert.True(tracker.IsAckDue(Ms(35)));

        tracker.OnPacketReceived(1, true, Ms(15));
        Assert.Equal(Ms(15), tracker.AckDeadline); // second one: now

        Assert.Equal(1UL, tracker.OnAckSent());
        Assert.Null(tracker.AckDeadline);
        Assert.False(tracker.AckPending);

        tracker.OnPacketReceived(2, true, Ms(20));
        Assert.Equal(Ms(45), tracker.AckDeadline); // the count restarted
    }

    [Fact]
    public void Non_ack_eliciting_packets_do_not_make_an_ack_due()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData);
        tracker.OnPacketReceived(0, ackEliciting: false, Ms(10));
        tracker.OnPacketReceived(2, ackEliciting: false, Ms(11)); // even with a gap (RFC 9000 §13.2.1)
        Assert.Null(tracker.AckDeadline);
        Assert.True(tracker.AckPending); // but they ride along with the next ACK
        Assert.Equal(0, tracker.UnacknowledgedAckElicitingCount);
    }

    [Fact]
    public void A_gap_before_an_ack_eliciting_packet_acknowledges_immediately()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData, Ms(25));
        tracker.OnPacketReceived(0, true, Ms(10));
        tracker.OnAckSent();
        tracker.OnPacketReceived(2, true, Ms(20)); // 1 is missing
        Assert.Equal(Ms(20), tracker.AckDeadline);
    }

    [Fact]
    public void Contiguous_packets_after_non_ack_eliciting_ones_are_not_a_gap()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData, Ms(25));
        tracker.OnPacketReceived(0, true, Ms(10));
        tracker.OnAckSent();
        tracker.OnPacketReceived(1, false, Ms(11));
        tracker.OnPacketReceived(2, true, Ms(12));
        Assert.Equal(Ms(37), tracker.AckDeadline);
    }

    [Fact]
    public void Out_of_order_ack_eliciting_packet_acknowledges_immediately()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData, Ms(25), ackElicitingThreshold: 10);
        tracker.OnPacketReceived(5, true, Ms(10)); // first: no reference, so not a gap
        Assert.Equal(Ms(35), tracker.AckDeadline);
        tracker.OnPacketReceived(3, true, Ms(12));
        Assert.Equal(Ms(12), tracker.AckDeadline);
    }

    [Fact]
    public void Congestion_experienced_acknowledges_immediately()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData, Ms(25));
        tracker.OnPacketReceived(0, true, Ms(10), congestionExperienced: true);
        Assert.Equal(Ms(10), tracker.AckDeadline);
    }

    [Fact]
    public void Duplicates_are_reported_and_ignored()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData, Ms(25));
        Assert.True(tracker.OnPacketReceived(4, true, Ms(10)));
        tracker.OnAckSent();
        Assert.True(tracker.IsDuplicate(4));
        Assert.False(tracker.OnPacketReceived(4, true, Ms(11)));
        Assert.Null(tracker.AckDeadline);
        Assert.False(tracker.AckPending);
    }

    [Fact]
    public void Reports_ranges_and_ack_delay_and_forgets_what_the_peer_saw()
    {
        var tracker = new AckTracker(PacketNumberSpace.ApplicationData, Ms(25));
        foreach (ulong pn in new ulong[] { 0, 1, 2, 5, 6, 9 }) tracker.OnPacketReceived(pn, true, Ms(10 + pn));

        Span<AckRange> ranges = stackalloc AckRange[4];
        int n = tracker.WriteAckRanges(ranges);
        Assert.Equal(new AckRange[] { new(9, 9), new(5, 6), new(0, 2) }, ranges[..n].ToArray());
        Assert.Equal(Ms(4), tracker.GetAckDelay(Ms(23))); // largest (9) arrived at 19 ms
        Assert.Equal(500UL, tracker.GetEncodedAckDelay(Ms(23), 3));

        ulong? largestInAck = tracker.OnAckSent();
        Assert.Equal(9UL, largestInAck);
        tracker.OnPacketReceived(10, true, Ms(30));

        // The packet carrying that ACK frame was acknowledged: stop reporting up to 9 (RFC 9000 §13.2.4).
        tracker.OnAckFrameAcknowledged(largestInAck!.Value);
        n = tracker.WriteAckRanges(ranges);
        Assert.Equal(new AckRange[] { new(10, 10) }, ranges[..n].ToArray());
        Assert.True(tracker.IsDuplicate(3));
    }
}
