using ActorQuic.Protocol.Wire;
namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// The packet numbers received in one packet number space, kept as disjoint, non-adjacent
/// ranges for building ACK frames (RFC 9000 §13.2.3, §19.3.1).
/// </summary>
/// <remarks>
/// The number of ranges is bounded so a peer that leaves many gaps cannot make us keep
/// unbounded state or build ACK frames that do not fit a packet. When the bound is exceeded the
/// oldest (smallest) range is dropped and a floor rises above it: packets below the floor are
/// reported as already received, so we never accept a packet we can no longer acknowledge
/// (RFC 9000 §13.2.3: "Maintaining a minimum packet number that increases as ranges are
/// discarded"). The largest packet number ever received is kept even when every range is
/// forgotten, since packet number decoding needs it (RFC 9000 §13.2.3, §17.1).
/// Times are <see cref="TimeSpan"/>s since an arbitrary monotonic origin (connection start).
/// </remarks>
public sealed class AckRangeSet
{
    /// <summary>Default bound on remembered ranges; an ACK frame of 64 ranges is ~260 bytes at most for close packet numbers.</summary>
    public const int DefaultMaxRanges = 64;

    // Ascending by packet number; each range is disjoint from and non-adjacent to its neighbours.
    // One spare slot lets an insertion happen before the oldest range is trimmed.
    private readonly (ulong Smallest, ulong Largest)[] _ranges;
    private readonly int _maxRanges;
    private int _count;
    private ulong _floor;
    private bool _hasLargest;
    private ulong _largest;
    private TimeSpan _largestReceivedTime;

    public AckRangeSet(int maxRanges = DefaultMaxRanges)
    {
        if (maxRanges < 1) throw new ArgumentOutOfRangeException(nameof(maxRanges), maxRanges, "at least one range");
        _maxRanges = maxRanges;
        _ranges = new (ulong, ulong)[maxRanges + 1];
    }

    /// <summary>The most ranges kept before the oldest is dropped.</summary>
    public int MaxRanges => _maxRanges;

    /// <summary>The number of ranges currently remembered.</summary>
    public int RangeCount => _count;

    public bool IsEmpty => _count == 0;

    /// <summary>
    /// Packet numbers below this are no longer tracked and are treated as duplicates. Zero until
    /// ranges are dropped or forgotten.
    /// </summary>
    public ulong Floor => _floor;

    /// <summary>The largest packet number ever received, or null before the first.</summary>
    public ulong? Largest => _hasLargest ? _largest : null;

    /// <summary>When <see cref="Largest"/> was received: the reference for the ACK Delay field (RFC 9000 §13.2.5).</summary>
    public TimeSpan LargestReceivedTime => _largestReceivedTime;

    /// <summary>The ranges in descending order (index 0 holds the largest packet numbers).</summary>
    public AckRange this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            var (smallest, largest) = _ranges[_count - 1 - index];
            return new AckRange(smallest, largest);
        }
    }

    /// <summary>
    /// True when <paramref name="packetNumber"/> was already received or lies below the
    /// <see cref="Floor"/> — either way a packet with this number must not be processed again.
    /// </summary>
    public bool Contains(ulong packetNumber)
    {
        if (packetNumber < _floor) return true;
        int i = UpperBound(packetNumber) - 1;
        return i >= 0 && packetNumber <= _ranges[i].Largest;
    }

    /// <summary>The range holding <paramref name="packetNumber"/>, if it is tracked.</summary>
    public bool TryGetRange(ulong packetNumber, out AckRange range)
    {
        int i = UpperBound(packetNumber) - 1;
        if (i >= 0 && packetNumber <= _ranges[i].Largest)
        {
            range = new AckRange(_ranges[i].Smallest, _ranges[i].Largest);
            return true;
        }
        range = default;
        return false;
    }

    /// <summary>
    /// Records a received packet. Returns false (and changes nothing) for a duplicate or a packet
    /// below the floor.
    /// </summary>
    public bool Add(ulong packetNumber, TimeSpan now)
    {
        if (packetNumber > Wire.PacketNumberEncoding.MaxPacketNumber)
            throw new ArgumentOutOfRangeException(nameof(packetNumber), packetNumber, "packet numbers are below 2^62");
        if (packetNumber < _floor) return false;

        int next = UpperBound(packetNumber); // first range starting above packetNumber
        int prev = next - 1;
        if (prev >= 0 && packetNumber <= _ranges[prev].Largest) return false;

        bool joinsPrev = prev >= 0 && _ranges[prev].Largest + 1 == packetNumber;
        bool joinsNext = next < _count && _ranges[next].Smallest == packetNumber + 1;
        if (joinsPrev && joinsNext)
        {
            _ranges[prev].Largest = _ranges[next].Largest;
            RemoveAt(next);
        }
        else if (joinsPrev)
        {
            _ranges[prev].Largest = packetNumber;
        }
        else if (joinsNext)
        {
            _ranges[next].Smallest = packetNumber;
        }
        else
        {
            Array.Copy(_ranges, next, _ranges, next + 1, _count - next);
            _ranges[next] = (packetNumber, packetNumber);
            _count++;
            if (_count > _maxRanges)
            {
                // RFC 9000 §13.2.3: older ranges are the ones to omit; raise the floor over the
                // dropped range so none of its packets can be accepted again unacknowledged.
                _floor = _ranges[0].Largest + 1;
                RemoveAt(0);
            }
        }

        if (!_hasLargest || packetNumber > _largest)
        {
            _hasLargest = true;
            _largest = packetNumber;
            _largestReceivedTime = now;
        }
        return true;
    }

    /// <summary>
    /// Stops tracking packet numbers up to and including <paramref name="largestAcknowledged"/>:
    /// called when the peer acknowledged a packet carrying our ACK frame whose Largest
    /// Acknowledged was that value (RFC 9000 §13.2.4).
    /// </summary>
    public void ForgetUpTo(ulong largestAcknowledged)
    {
        if (largestAcknowledged == ulong.MaxValue || largestAcknowledged + 1 <= _floor) return;
        _floor = largestAcknowledged + 1;
        int drop = 0;
        while (drop < _count && _ranges[drop].Largest < _floor) drop++;
        if (drop > 0)
        {
            Array.Copy(_ranges, drop, _ranges, 0, _count - drop);
            _count -= drop;
        }
        if (_count > 0 && _ranges[0].Smallest < _floor) _ranges[0].Smallest = _floor;
    }

    /// <summary>
    /// Copies the ranges, largest first, as an ACK frame lists them (RFC 9000 §19.3.1). When
    /// <paramref name="destination"/> is too short the oldest ranges are left out
    /// (RFC 9000 §13.2.3). Returns the number written.
    /// </summary>
    public int CopyRanges(Span<AckRange> destination)
    {
        int n = Math.Min(destination.Length, _count);
        for (int i = 0; i < n; i++)
        {
            var (smallest, largest) = _ranges[_count - 1 - i];
            destination[i] = new AckRange(smallest, largest);
        }
        return n;
    }

    /// <summary>How long ago the largest packet was received (RFC 9000 §13.2.5); never negative.</summary>
    public TimeSpan GetAckDelay(TimeSpan now) =>
        _hasLargest && now > _largestReceivedTime ? now - _largestReceivedTime : TimeSpan.Zero;

    /// <summary>Index of the first range whose Smallest exceeds <paramref name="packetNumber"/>.</summary>
    private int UpperBound(ulong packetNumber)
    {
        // Fast path: nearly every packet arrives above all tracked ranges.
        if (_count == 0 || _ranges[_count - 1].Smallest <= packetNumber) return _count;
        int lo = 0, hi = _count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ranges[mid].Smallest > packetNumber) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_ranges, index + 1, _ranges, index, _count - index - 1);
        _count--;
    }
}
