namespace ActorQuic.Http3.QPack;

/// <summary>
/// The QPACK dynamic table (RFC 9204 §3.2): a FIFO of field lines addressed by absolute index
/// (the first insert is 0, §3.2.4). Both the encoder and the decoder keep one; the rules on
/// what may be evicted (§2.1.1) are the encoder's, so this type only evicts from the oldest end
/// until a new entry fits (§3.2.2). Relative and post-Base index arithmetic (§3.2.5, §3.2.6)
/// is here so both sides share it.
/// </summary>
public sealed class DynamicTable
{
    /// <summary>The per-entry overhead added to name + value lengths (RFC 9204 §3.2.1).</summary>
    public const int EntryOverhead = 32;

    private HeaderField[] _ring = new HeaderField[8];
    private int _head; // ring slot of the oldest entry
    private int _count;

    /// <param name="maxCapacity">The bound on <see cref="Capacity"/>: SETTINGS_QPACK_MAX_TABLE_CAPACITY (§3.2.3).</param>
    public DynamicTable(long maxCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCapacity);
        MaxCapacity = maxCapacity;
    }

    public long MaxCapacity { get; }

    /// <summary>The current capacity, set by the encoder; initially 0 (§3.2.2).</summary>
    public long Capacity { get; private set; }

    /// <summary>Sum of entry sizes.</summary>
    public long Size { get; private set; }

    /// <summary>Total inserts so far: the absolute index the next entry gets (§3.2.4).</summary>
    public long InsertCount { get; private set; }

    public int Count => _count;

    /// <summary>Absolute index of the oldest entry still present (= entries dropped so far).</summary>
    public long DroppedCount => InsertCount - _count;

    /// <summary>MaxEntries of RFC 9204 §4.5.1.1: floor(MaxTableCapacity / 32).</summary>
    public long MaxEntries => MaxCapacity / EntryOverhead;

    public static long EntrySize(string name, string value) => (long)name.Length + value.Length + EntryOverhead;

    /// <summary>Whether absolute index <paramref name="absoluteIndex"/> is still in the table.</summary>
    public bool Contains(long absoluteIndex) => absoluteIndex >= DroppedCount && absoluteIndex < InsertCount;

    /// <summary>The entry with this absolute index; the caller checks <see cref="Contains"/>.</summary>
    public HeaderField Get(long absoluteIndex)
    {
        if (!Contains(absoluteIndex)) throw new ArgumentOutOfRangeException(nameof(absoluteIndex));
        return _ring[(_head + (int)(absoluteIndex - DroppedCount)) % _ring.Length];
    }

    /// <summary>
    /// Encoder-stream relative index → absolute (§3.2.5): 0 is the newest entry. Returns -1 when
    /// the relative index does not name a present entry.
    /// </summary>
    public long AbsoluteFromEncoderRelative(ulong relativeIndex) =>
        relativeIndex < (ulong)_count ? InsertCount - 1 - (long)relativeIndex : -1;

    /// <summary>Absolute → encoder-stream relative index (§3.2.5).</summary>
    public long EncoderRelativeFromAbsolute(long absoluteIndex) => InsertCount - 1 - absoluteIndex;

    /// <summary>
    /// Changes the capacity, evicting oldest entries until the size fits (§3.2.2, §4.3.1).
    /// Returns false (and changes nothing) when above <see cref="MaxCapacity"/>.
    /// </summary>
    public bool TrySetCapacity(long capacity)
    {
        if (capacity < 0 || capacity > MaxCapacity) return false;
        Capacity = capacity;
        while (Size > Capacity) EvictOldest();
        return true;
    }

    /// <summary>
    /// How many oldest entries must go so an entry of <paramref name="entrySize"/> fits, or -1 when
    /// it is larger than the capacity. The encoder uses this to check evictability first (§2.1.1).
    /// </summary>
    public int CountEvictionsFor(long entrySize)
    {
        if (entrySize > Capacity) return -1;
        long excess = Size + entrySize - Capacity;
        int n = 0;
        while (excess > 0)
        {
            excess -= Get(DroppedCount + n).Size;
            n++;
        }
        return n;
    }

    /// <summary>
    /// Inserts a line, evicting from the oldest end first (§3.2.2). Returns false (and changes
    /// nothing) when the entry is larger than the capacity. The new entry may name an entry that
    /// this insert evicts: strings are immutable, so the caller already holds them.
    /// </summary>
    public bool TryInsert(string name, string value)
    {
        long size = EntrySize(name, value);
        if (size > Capacity) return false;
        while (Size + size > Capacity) EvictOldest();
        if (_count == _ring.Length) Grow();
        _ring[(_head + _count) % _ring.Length] = new HeaderField(name, value);
        _count++;
        Size += size;
        InsertCount++;
        return true;
    }

    /// <summary>
    /// The draining index (§2.1.1.1): the smallest absolute index the encoder will still reference
    /// so that evicting everything older would leave <paramref name="reserve"/> bytes free.
    /// Entries below it are "draining": referencing them would keep them alive and block inserts.
    /// </summary>
    public long GetDrainingIndex(long reserve)
    {
        long free = Capacity - Size;
        long index = DroppedCount;
        while (free < reserve && index < InsertCount)
        {
            free += Get(index).Size;
            index++;
        }
        return index;
    }

    private void EvictOldest()
    {
        Size -= _ring[_head].Size;
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
    }

    private void Grow()
    {
        var bigger = new HeaderField[_ring.Length * 2];
        for (int i = 0; i < _count; i++) bigger[i] = _ring[(_head + i) % _ring.Length];
        _ring = bigger;
        _head = 0;
    }
}
