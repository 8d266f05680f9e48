using ActorQuic.Protocol.Wire;
namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// Decides when to acknowledge the packets received in one packet number space
/// (RFC 9000 §13.2), on top of an <see cref="AckRangeSet"/>. The receiver records each
/// processed packet, polls <see cref="AckDeadline"/> to schedule its timer, and reports each
/// ACK frame sent and each acknowledged ACK frame.
/// </summary>
/// <remarks>
/// Policy (RFC 9000 §13.2.1, §13.2.2): Initial and Handshake ack-eliciting packets are
/// acknowledged immediately; in the application space an ACK is due after every
/// <see cref="AckElicitingThreshold"/> (default 2) ack-eliciting packets, immediately when an
/// ack-eliciting packet arrives out of order, leaves a gap, or carries ECN-CE, and otherwise
/// within <see cref="MaxAckDelay"/> of the first unacknowledged ack-eliciting packet. Packets
/// that are not ack-eliciting never make an ACK due on their own (RFC 9000 §13.2.1: no
/// acknowledgment loops); they ride along with the next ACK. Times are <see cref="TimeSpan"/>s
/// since connection start.
/// </remarks>
public sealed class AckTracker
{
    /// <summary>RFC 9000 §13.2.2: acknowledge at least every second ack-eliciting packet.</summary>
    public const int DefaultAckElicitingThreshold = 2;

    /// <summary>Default max_ack_delay transport parameter (RFC 9000 §18.2).</summary>
    public static readonly TimeSpan DefaultMaxAckDelay = TimeSpan.FromMilliseconds(25);

    private readonly AckRangeSet _ranges;
    private int _ackElicitingThreshold;
    private int _unackedAckEliciting;
    private bool _hasLargestAckEliciting;
    private ulong _largestAckEliciting;
    private TimeSpan? _ackDeadline;
    private bool _ackPending;

    public AckTracker(
        PacketNumberSpace space,
        TimeSpan? maxAckDelay = null,
        int ackElicitingThreshold = DefaultAckElicitingThreshold,
        int maxRanges = AckRangeSet.DefaultMaxRanges)
    {
        Space = space;
        MaxAckDelay = maxAckDelay ?? DefaultMaxAckDelay;
        AckElicitingThreshold = ackElicitingThreshold;
        _ranges = new AckRangeSet(maxRanges);
    }

    public PacketNumberSpace Space { get; }

    /// <summary>The received ranges.</summary>
    public AckRangeSet Ranges => _ranges;

    /// <summary>
    /// Our own max_ack_delay (the value we advertised): the longest we intentionally hold an
    /// ACK for an application-space ack-eliciting packet (RFC 9000 §13.2.1).
    /// </summary>
    public TimeSpan MaxAckDelay { get; set; }

    /// <summary>Ack-eliciting packets received before an ACK becomes due immediately.</summary>
    public int AckElicitingThreshold
    {
        get => _ackElicitingThreshold;
        set => _ackElicitingThreshold = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>When an ACK frame must be sent, or null when none is owed. A value at or before now means "send now".</summary>
    public TimeSpan? AckDeadline => _ackDeadline;

    /// <summary>
    /// True when packets were received since the last ACK frame sent: an ACK is worth
    /// piggybacking on any packet sent in this space (RFC 9000 §13.2: "When sending a packet
    /// for any reason, an endpoint SHOULD attempt to include an ACK frame"), even if none is due.
    /// </summary>
    public bool AckPending => _ackPending;

    /// <summary>Ack-eliciting packets received since the last ACK frame sent.</summary>
    public int UnacknowledgedAckElicitingCount => _unackedAckEliciting;

    /// <summary>True when <paramref name="packetNumber"/> was already processed (or is too old to track): drop the packet.</summary>
    public bool IsDuplicate(ulong packetNumber) => _ranges.Contains(packetNumber);

    /// <summary>True when an ACK frame is due at <paramref name="now"/>.</summary>
    public bool IsAckDue(TimeSpan now) => _ackDeadline is { } deadline && deadline <= now;

    /// <summary>
    /// Records a packet that was fully processed (RFC 9000 §13.1: acknowledge only after
    /// processing). Returns false for a duplicate, which changes nothing.
    /// </summary>
    /// <param name="congestionExperienced">The datagram carried the ECN-CE codepoint (RFC 9000 §13.2.1: acknowledge immediately).</param>
    public bool OnPacketReceived(ulong packetNumber, bool ackEliciting, TimeSpan now, bool congestionExperienced = false)
    {
        if (!_ranges.Add(packetNumber, now)) return false;
        _ackPending = true;
        if (!ackEliciting) return true;

        _unackedAckEliciting++;
        bool immediate =
            Space != PacketNumberSpace.ApplicationData        // RFC 9000 §13.2.1: Initial/Handshake at once
            || congestionExperienced                          // RFC 9000 §13.2.1: CE-marked at once
            || _unackedAckEliciting >= _ackElicitingThreshold // RFC 9000 §13.2.2: every second packet
            || IsOutOfOrderOrAfterGap(packetNumber);          // RFC 9000 §13.2.1: help the sender's loss detection

        if (!_hasLargestAckEliciting || packetNumber > _largestAckEliciting)
        {
            _hasLargestAckEliciting = true;
            _largestAckEliciting = packetNumber;
        }

        TimeSpan due = immediate ? now : now + MaxAckDelay;
        if (_ackDeadline is not { } current || due < current) _ackDeadline = due;
        return true;
    }

    /// <summary>The ACK Delay to report if an ACK frame is sent at <paramref name="now"/> (RFC 9000 §13.2.5).</summary>
    public TimeSpan GetAckDelay(TimeSpan now) => _ranges.GetAckDelay(now);

    /// <summary>The ACK Delay field value for <paramref name="now"/> with our ack_delay_exponent (RFC 9000 §19.3).</summary>
    public ulong GetEncodedAckDelay(TimeSpan now, int ackDelayExponent = AckDelayEncoding.DefaultExponent) =>
        AckDelayEncoding.Encode(_ranges.GetAckDelay(now), ackDelayExponent);

    /// <summary>Writes the ranges for an ACK frame, largest first; returns how many (see <see cref="AckRangeSet.CopyRanges"/>).</summary>
    public int WriteAckRanges(Span<AckRange> destination) => _ranges.CopyRanges(destination);

    /// <summary>
    /// Records that an ACK frame covering everything received so far was sent. Returns its
    /// Largest Acknowledged, which the caller keeps with the sent packet so that, when the peer
    /// acknowledges that packet, it can call <see cref="OnAckFrameAcknowledged"/> (RFC 9000 §13.2.4).
    /// Returns null when nothing has been received.
    /// </summary>
    public ulong? OnAckSent()
    {
        _unackedAckEliciting = 0;
        _ackDeadline = null;
        _ackPending = false;
        return _ranges.Largest;
    }

    /// <summary>
    /// The peer acknowledged a packet that carried one of our ACK frames: stop acknowledging
    /// packets up to its Largest Acknowledged (RFC 9000 §13.2.4).
    /// </summary>
    public void OnAckFrameAcknowledged(ulong largestAcknowledged) => _ranges.ForgetUpTo(largestAcknowledged);

    /// <summary>
    /// RFC 9000 §13.2.1: an ack-eliciting packet below the largest ack-eliciting packet seen, or
    /// above it with missing packets in between. Called after the packet is in the range set.
    /// </summary>
    private bool IsOutOfOrderOrAfterGap(ulong packetNumber)
    {
        if (!_hasLargestAckEliciting) return false;
        if (packetNumber < _largestAckEliciting) return true;
        // The packet's range is contiguous down to its Smallest, and Smallest - 1 is missing
        // (unless it is below the floor, i.e. forgotten as received). A gap lies between the
        // two ack-eliciting packets exactly when that missing number is above the previous one.
        _ranges.TryGetRange(packetNumber, out var range);
        ulong firstUnknown = Math.Max(_largestAckEliciting + 1, _ranges.Floor);
        return range.Smallest > firstUnknown;
    }
}
