using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>Acknowledgment state per packet number space (RFC 9000 §13.2), for the sender's ACK frames.</summary>
public sealed partial class PacketReceiver
{
    /// <summary>The space's tracker, for policy settings and inspection.</summary>
    public AckTracker GetAckTracker(PacketNumberSpace space) => _ackTrackers[(int)space];

    /// <summary>
    /// The earliest time an ACK frame is due in any space whose keys are still in use, or null.
    /// A value at or before now means "send now".
    /// </summary>
    public TimeSpan? AckDeadline
    {
        get
        {
            TimeSpan? earliest = null;
            foreach (var tracker in _ackTrackers)
            {
                if (IsSpaceDiscarded(tracker.Space) || tracker.AckDeadline is not { } due) continue;
                if (earliest is not { } e || due < e) earliest = due;
            }
            return earliest;
        }
    }

    /// <summary>True when an ACK frame is due in <paramref name="space"/> at <paramref name="now"/>.</summary>
    public bool IsAckDue(PacketNumberSpace space, TimeSpan now) =>
        !IsSpaceDiscarded(space) && _ackTrackers[(int)space].IsAckDue(now);

    /// <summary>
    /// The content of an ACK frame for <paramref name="space"/>: ranges largest first (as many as
    /// fit in <paramref name="ranges"/>) and the ACK Delay field encoded with our
    /// ack_delay_exponent (RFC 9000 §13.2.5, §19.3). False when there is nothing to
    /// acknowledge or the space's keys are gone. Changes nothing: report the frame sent with
    /// <see cref="OnAckSent"/>.
    /// </summary>
    public bool TryBuildAck(PacketNumberSpace space, TimeSpan now, Span<AckRange> ranges, out int count, out ulong ackDelay)
    {
        var tracker = _ackTrackers[(int)space];
        count = 0;
        ackDelay = 0;
        if (IsSpaceDiscarded(space) || tracker.Ranges.IsEmpty)
            return false;
        count = tracker.WriteAckRanges(ranges);
        ackDelay = tracker.GetEncodedAckDelay(now, _ackDelayExponent);
        return count > 0;
    }

    /// <summary>
    /// An ACK frame covering everything received in <paramref name="space"/> was sent. Returns
    /// its Largest Acknowledged, to be kept with the sent packet for <see cref="OnAckFrameAcknowledged"/>.
    /// </summary>
    public ulong? OnAckSent(PacketNumberSpace space) => _ackTrackers[(int)space].OnAckSent();

    /// <summary>
    /// The peer acknowledged a packet carrying our ACK frame with this Largest Acknowledged: stop
    /// reporting ranges up to it (RFC 9000 §13.2.4). Duplicate detection below it stays intact
    /// through the tracker's floor.
    /// </summary>
    public void OnAckFrameAcknowledged(PacketNumberSpace space, ulong largestAcknowledged) =>
        _ackTrackers[(int)space].OnAckFrameAcknowledged(largestAcknowledged);

    private bool IsSpaceDiscarded(PacketNumberSpace space) => space switch
    {
        PacketNumberSpace.Initial => _discarded[(int)EncryptionLevel.Initial],
        PacketNumberSpace.Handshake => _discarded[(int)EncryptionLevel.Handshake],
        _ => _discarded[(int)EncryptionLevel.OneRtt],
    };
}
