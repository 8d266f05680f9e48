namespace ActorQuic.Protocol.Streams;

/// <summary>
/// A sorted set of disjoint, non-adjacent half-open byte ranges [Start, End) over stream
/// offsets. The buffers use it for "received", "acknowledged" and "lost" bookkeeping.
/// </summary>
/// <remarks>
/// Backed by one array with binary search and block moves rather than a tree: a healthy
/// connection has a handful of gaps (one per lost packet in flight), so contiguous memory
/// beats node allocation. The worst case (a hostile peer sending every other byte) is
/// bounded by the flow-control window, since no range can lie beyond it.
/// </remarks>
internal sealed class RangeSet
{
    private ulong[] _starts;
    private ulong[] _ends;
    private int _count;

    public RangeSet(int initialCapacity = 4)
    {
        _starts = new ulong[initialCapacity];
        _ends = new ulong[initialCapacity];
    }

    public int Count => _count;

    public bool IsEmpty => _count == 0;

    public ulong StartAt(int index) => _starts[index];

    public ulong EndAt(int index) => _ends[index];

    /// <summary>Total bytes covered; O(n), for tests and diagnostics.</summary>
    public ulong TotalLength
    {
        get
        {
            ulong total = 0;
            for (int i = 0; i < _count; i++) total += _ends[i] - _starts[i];
            return total;
        }
    }

    public void Clear() => _count = 0;

    /// <summary>Index of the first range whose End is greater than <paramref name="offset"/> (or Count).</summary>
    public int FirstEndingAfter(ulong offset)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ends[mid] > offset) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    public bool Contains(ulong offset)
    {
        int i = FirstEndingAfter(offset);
        return i < _count && _starts[i] <= offset;
    }

    /// <summary>Adds [start, end), merging with overlapping or adjacent ranges.</summary>
    public void Add(ulong start, ulong end)
    {
        if (start >= end) return;
        // First range that touches or follows start (End >= start means adjacent counts).
        int first = start == 0 ? 0 : FirstEndingAfter(start - 1);
        int last = first;
        ulong newStart = start, newEnd = end;
        while (last < _count && _starts[last] <= end)
        {
            if (_starts[last] < newStart) newStart = _starts[last];
            if (_ends[last] > newEnd) newEnd = _ends[last];
            last++;
        }
        int merged = last - first;
        if (merged == 0)
        {
            Insert(first, start, end);
            return;
        }
        _starts[first] = newStart;
        _ends[first] = newEnd;
        RemoveSlots(first + 1, merged - 1);
    }

    /// <summary>Removes [start, end) from the set, splitting a range when needed.</summary>
    public void Remove(ulong start, ulong end)
    {
        if (start >= end) return;
        int i = FirstEndingAfter(start);
        while (i < _count && _starts[i] < end)
        {
            ulong s = _starts[i], e = _ends[i];
            if (s < start && e > end)
            {
                // Hole in the middle: split in two.
                _ends[i] = start;
                Insert(i + 1, end, e);
                return;
            }
            if (s < start)
            {
                _ends[i] = start;
                i++;
            }
            else if (e > end)
            {
                _starts[i] = end;
                return;
            }
            else
            {
                RemoveSlots(i, 1);
            }
        }
    }

    /// <summary>Drops everything below <paramref name="offset"/>.</summary>
    public void RemoveBelow(ulong offset)
    {
        int i = FirstEndingAfter(offset);
        RemoveSlots(0, i);
        if (_count > 0 && _starts[0] < offset) _starts[0] = offset;
    }

    private void Insert(int index, ulong start, ulong end)
    {
        if (_count == _starts.Length)
        {
            int capacity = Math.Max(4, _count * 2);
            Array.Resize(ref _starts, capacity);
            Array.Resize(ref _ends, capacity);
        }
        if (index < _count)
        {
            Array.Copy(_starts, index, _starts, index + 1, _count - index);
            Array.Copy(_ends, index, _ends, index + 1, _count - index);
        }
        _starts[index] = start;
        _ends[index] = end;
        _count++;
    }

    private void RemoveSlots(int index, int length)
    {
        if (length <= 0) return;
        int tail = _count - index - length;
        if (tail > 0)
        {
            Array.Copy(_starts, index + length, _starts, index, tail);
            Array.Copy(_ends, index + length, _ends, index, tail);
        }
        _count -= length;
    }
}
