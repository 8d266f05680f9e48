using System.Diagnostics;

namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// The sent packets of one packet number space awaiting acknowledgment or loss, with the
/// space's loss detection variables (RFC 9002 appendix A.1, A.3).
/// </summary>
/// <remarks>
/// Packets are sent in increasing packet number order, so they are kept in a ring buffer
/// sorted by packet number and found by binary search. An acknowledged or lost packet stays
/// in place as a marker until everything before it is resolved; the markers also tell the
/// persistent congestion check whether a packet between two lost ones was acknowledged
/// (RFC 9002 §7.6.2). The buffer only grows (doubling), so steady state does not allocate.
/// The mutating operations are internal: <see cref="LossDetector{TPayload}"/> drives them.
/// </remarks>
public sealed class SentPacketLedger<TPayload>
{
    private enum EntryState : byte
    {
        Outstanding,
        Acked,
        Lost,
    }

    private struct Entry
    {
        public SentPacket<TPayload> Packet;
        public EntryState State;
    }

    private Entry[] _entries;
    private int _head;
    private int _count; // slots in use from _head, markers included

    internal SentPacketLedger(PacketNumberSpace space, int initialCapacity = 64)
    {
        Space = space;
        _entries = new Entry[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)initialCapacity))];
    }

    public PacketNumberSpace Space { get; }

    /// <summary>Packets neither acknowledged nor declared lost.</summary>
    public int OutstandingCount { get; private set; }

    /// <summary>Outstanding packets that are both ack-eliciting and in flight.</summary>
    public int AckElicitingInFlight { get; private set; }

    /// <summary>Bytes of outstanding in-flight packets in this space.</summary>
    public long BytesInFlight { get; private set; }

    /// <summary>The largest packet number sent in this space, or null before the first.</summary>
    public ulong? LargestSent { get; private set; }

    /// <summary>largest_acked_packet (RFC 9002 appendix A.3); null is the pseudocode's "infinite".</summary>
    public ulong? LargestAcked { get; internal set; }

    /// <summary>loss_time: when the next packet may be declared lost by time threshold; null when not set.</summary>
    public TimeSpan? LossTime { get; internal set; }

    /// <summary>time_of_last_ack_eliciting_packet; null when none is in flight since the space was (re)set.</summary>
    public TimeSpan? TimeOfLastAckEliciting { get; internal set; }

    /// <summary>The keys of this space were discarded (RFC 9002 §6.4): nothing more is tracked.</summary>
    public bool IsDiscarded { get; internal set; }

    /// <summary>Highest ECN-CE count the peer reported in this space (RFC 9002 appendix B.2).</summary>
    internal ulong EcnCeCount { get; set; }

    /// <summary>Looks up an outstanding packet.</summary>
    public bool TryGetOutstanding(ulong packetNumber, out SentPacket<TPayload> packet)
    {
        int i = LowerBound(packetNumber);
        if (i < _count)
        {
            ref Entry e = ref Slot(i);
            if (e.Packet.PacketNumber == packetNumber && e.State == EntryState.Outstanding)
            {
                packet = e.Packet;
                return true;
            }
        }
        packet = default;
        return false;
    }

    /// <summary>
    /// Appends outstanding packets, oldest first, to <paramref name="destination"/>: e.g. to pick
    /// frames to resend in PTO probes when there is no new data (RFC 9002 §6.2.4).
    /// </summary>
    public void CopyOutstanding(List<SentPacket<TPayload>> destination, bool ackElicitingOnly = true, int maxCount = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int added = 0;
        for (int i = 0; i < _count && added < maxCount; i++)
        {
            ref Entry e = ref Slot(i);
            if (e.State != EntryState.Outstanding || (ackElicitingOnly && !e.Packet.AckEliciting)) continue;
            destination.Add(e.Packet);
            added++;
        }
    }

    internal void Add(in SentPacket<TPayload> packet)
    {
        if (LargestSent is { } largest && packet.PacketNumber <= largest)
            throw new ArgumentException($"packet numbers must increase: {packet.PacketNumber} after {largest} in {Space}", nameof(packet));
        if (_count == _entries.Length) Grow();
        ref Entry e = ref Slot(_count);
        e.Packet = packet;
        e.State = EntryState.Outstanding;
        _count++;
        LargestSent = packet.PacketNumber;
        OutstandingCount++;
        if (packet.InFlight)
        {
            BytesInFlight += packet.Size;
            if (packet.AckEliciting) AckElicitingInFlight++;
        }
    }

    /// <summary>
    /// Marks the outstanding packets in [smallest, largest] acknowledged and appends them to
    /// <paramref name="newlyAcked"/> in ascending order. Markers are compacted by <see cref="Compact"/>.
    /// </summary>
    internal void AckRange(ulong smallest, ulong largest, List<SentPacket<TPayload>> newlyAcked)
    {
        for (int i = LowerBound(smallest); i < _count; i++)
        {
            ref Entry e = ref Slot(i);
            if (e.Packet.PacketNumber > largest) break;
            if (e.State != EntryState.Outstanding) continue;
            Resolve(ref e, EntryState.Acked);
            newlyAcked.Add(e.Packet);
        }
    }

    /// <summary>
    /// DetectAndRemoveLostPackets (RFC 9002 appendix A.10) plus the per-space persistent
    /// congestion test (§7.6.2). Appends lost packets to <paramref name="lost"/>.
    /// </summary>
    internal LossScan DetectLost(
        TimeSpan now,
        TimeSpan lossDelay,
        TimeSpan? firstRttSample,
        TimeSpan persistentCongestionDuration,
        List<SentPacket<TPayload>> lost)
    {
        Debug.Assert(LargestAcked.HasValue);
        ulong largestAcked = LargestAcked.GetValueOrDefault();
        LossTime = null;
        TimeSpan lostSendTime = now - lossDelay;
        var scan = new LossScan();
        TimeSpan? runStart = null;

        for (int i = 0; i < _count; i++)
        {
            ref Entry e = ref Slot(i);
            ulong pn = e.Packet.PacketNumber;
            if (pn > largestAcked) break;
            if (e.State == EntryState.Acked)
            {
                // §7.6.2: an acknowledged packet between two lost ones breaks the period.
                runStart = null;
                continue;
            }
            if (e.State == EntryState.Lost) continue;

            // §6.1.1 packet threshold (kPacketThreshold = 3), §6.1.2 time threshold.
            if (e.Packet.TimeSent <= lostSendTime || largestAcked >= pn + RecoveryConstants.PacketThreshold)
            {
                Resolve(ref e, EntryState.Lost);
                lost.Add(e.Packet);
                scan.Count++;
                if (e.Packet.InFlight)
                {
                    scan.InFlightBytes += e.Packet.Size;
                    scan.AnyInFlight = true;
                    if (e.Packet.TimeSent > scan.LargestLostSentTime) scan.LargestLostSentTime = e.Packet.TimeSent;
                }
                // §7.6.2: both ends ack-eliciting and sent after the first RTT sample.
                if (e.Packet.AckEliciting && firstRttSample is { } first && e.Packet.TimeSent > first)
                {
                    if (runStart is not { } start) runStart = e.Packet.TimeSent;
                    else if (e.Packet.TimeSent - start > persistentCongestionDuration) scan.PersistentCongestion = true;
                }
            }
            else
            {
                // Packets are in send order, so later ones are neither past the packet threshold
                // nor sent earlier: this is the earliest pending loss time, and the scan can stop.
                LossTime = e.Packet.TimeSent + lossDelay;
                break;
            }
        }
        return scan;
    }

    /// <summary>Drops every packet (RFC 9002 §6.4), appending outstanding ones to <paramref name="discarded"/> if given.</summary>
    internal void Clear(List<SentPacket<TPayload>>? discarded)
    {
        for (int i = 0; i < _count; i++)
        {
            ref Entry e = ref Slot(i);
            if (e.State == EntryState.Outstanding) discarded?.Add(e.Packet);
            e = default;
        }
        _head = 0;
        _count = 0;
        OutstandingCount = 0;
        AckElicitingInFlight = 0;
        BytesInFlight = 0;
        LossTime = null;
        TimeOfLastAckEliciting = null;
    }

    /// <summary>Releases resolved packets at the front, so the scans start at the oldest outstanding one.</summary>
    internal void Compact()
    {
        while (_count > 0)
        {
            ref Entry e = ref _entries[_head];
            if (e.State == EntryState.Outstanding) break;
            e = default; // drop the payload reference
            _head = (_head + 1) & (_entries.Length - 1);
            _count--;
        }
        if (_count == 0) _head = 0;
    }

    private void Resolve(ref Entry e, EntryState state)
    {
        e.State = state;
        OutstandingCount--;
        if (e.Packet.InFlight)
        {
            BytesInFlight -= e.Packet.Size;
            if (e.Packet.AckEliciting) AckElicitingInFlight--;
        }
    }

    private ref Entry Slot(int logicalIndex) => ref _entries[(_head + logicalIndex) & (_entries.Length - 1)];

    /// <summary>First logical index whose packet number is at least <paramref name="packetNumber"/>.</summary>
    private int LowerBound(ulong packetNumber)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Slot(mid).Packet.PacketNumber < packetNumber) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void Grow()
    {
        var bigger = new Entry[_entries.Length * 2];
        for (int i = 0; i < _count; i++) bigger[i] = Slot(i);
        _entries = bigger;
        _head = 0;
    }
}
