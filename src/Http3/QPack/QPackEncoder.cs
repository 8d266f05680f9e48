using System.Buffers;

namespace ActorQuic.Http3.QPack;

/// <summary>
/// The QPACK encoder of one connection (RFC 9204 §2.1). Encodes field sections single-pass
/// (Appendix C): Base is the insert count when the section starts, entries inserted while encoding
/// are referenced post-Base. Policy: exact static matches are indexed; when the peer allows a dynamic
/// table, lines that are not sensitive and fit half the capacity are inserted (by Duplicate when an
/// exact match is draining) and referenced when that cannot block a stream beyond the peer's
/// SETTINGS_QPACK_BLOCKED_STREAMS; otherwise they become literals, with a name reference when one exists.
/// Entries referenced by unacknowledged sections, or not yet acknowledged, are never evicted (§2.1.1).
/// <para>Usage: <see cref="ApplyPeerSettings"/> once the peer's SETTINGS arrive; <see cref="EncodeFieldSection(long, IReadOnlyList{HeaderField}, IBufferWriter{byte})"/>
/// per HEADERS frame, then send <see cref="TakeEncoderStreamBytes"/> on the encoder stream; feed the
/// peer's decoder stream to <see cref="ReceiveDecoderStream"/> (errors: QPACK_DECODER_STREAM_ERROR).</para>
/// Not thread-safe: one owner.
/// </summary>
public sealed partial class QPackEncoder
{
    private readonly QPackEncoderOptions _options;
    private readonly ArrayBufferWriter<byte> _encoderStream = new();
    private readonly ArrayBufferWriter<byte> _lines = new();
    private readonly List<long> _sectionReferences = [];
    private DynamicTable _table = new(0);
    private bool _settingsApplied;
    private long _peerMaxTableCapacity;
    private long _peerMaxBlockedStreams;
    private long _knownReceivedCount;

    public QPackEncoder(QPackEncoderOptions? options = null)
    {
        _options = options ?? new QPackEncoderOptions();
        _options.Validate();
    }

    public QPackEncoderOptions Options => _options;

    /// <summary>The encoder's dynamic table (read it, never modify it).</summary>
    public DynamicTable Table => _table;

    /// <summary>Inserts the decoder has acknowledged (§2.1.4).</summary>
    public long KnownReceivedCount => _knownReceivedCount;

    /// <summary>
    /// Takes the peer's SETTINGS_QPACK_MAX_TABLE_CAPACITY and SETTINGS_QPACK_BLOCKED_STREAMS (§5).
    /// Until then the encoder uses only the static table (§3.2.3: the maximum capacity is 0 until
    /// SETTINGS arrive). Chooses the capacity and queues Set Dynamic Table Capacity when it is not 0.
    /// </summary>
    public void ApplyPeerSettings(long maxTableCapacity, long maxBlockedStreams)
    {
        if (_settingsApplied) throw new InvalidOperationException("peer settings already applied");
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBlockedStreams);
        _settingsApplied = true;
        _peerMaxTableCapacity = maxTableCapacity;
        _peerMaxBlockedStreams = maxBlockedStreams;
        long capacity = Math.Min(_options.MaxTableCapacity, maxTableCapacity);
        _table = new DynamicTable(capacity);
        if (capacity > 0)
        {
            _table.TrySetCapacity(capacity);
            QPackInstructionWriter.SetCapacity(_encoderStream, capacity);
        }
    }

    /// <summary>Whether encoder-stream bytes wait to be sent.</summary>
    public bool HasEncoderStreamBytes => _encoderStream.WrittenCount > 0;

    /// <summary>
    /// Takes the encoder-stream instructions queued so far. Send them before, or together with, the
    /// field sections that reference them; a field section whose inserts never arrive stays blocked.
    /// </summary>
    public byte[] TakeEncoderStreamBytes()
    {
        if (_encoderStream.WrittenCount == 0) return [];
        byte[] bytes = _encoderStream.WrittenSpan.ToArray();
        _encoderStream.ResetWrittenCount();
        return bytes;
    }

    /// <summary>Encodes a field section and returns its bytes (see the <see cref="IBufferWriter{T}"/> overload).</summary>
    public byte[] EncodeFieldSection(long streamId, IReadOnlyList<HeaderField> fields)
    {
        var output = new ArrayBufferWriter<byte>();
        EncodeFieldSection(streamId, fields, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Encodes one field section for <paramref name="streamId"/> (§4.5) into <paramref name="destination"/>,
    /// queuing any inserts on the encoder stream. Throws ArgumentException for a name or value with a
    /// char above U+00FF (see <see cref="HeaderField"/>).
    /// </summary>
    public void EncodeFieldSection(long streamId, IReadOnlyList<HeaderField> fields, IBufferWriter<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        ArgumentNullException.ThrowIfNull(fields);
        for (int i = 0; i < fields.Count; i++)
        {
            HeaderField f = fields[i];
            if (f.Name is null || f.Value is null || !QPackString.IsLatin1(f.Name) || !QPackString.IsLatin1(f.Value))
            {
                throw new ArgumentException($"field {i} is not a Latin-1 byte string", nameof(fields));
            }
        }

        long baseIndex = _table.InsertCount;
        bool canBlock = _options.AllowBlockingReferences
            && (IsBlocking(streamId) || CountBlockingStreams() < _peerMaxBlockedStreams);
        _lines.ResetWrittenCount();
        _sectionReferences.Clear();
        for (int i = 0; i < fields.Count; i++)
        {
            EncodeLine(fields[i], baseIndex, canBlock);
        }

        long requiredInsertCount = 0;
        foreach (long absolute in _sectionReferences) requiredInsertCount = Math.Max(requiredInsertCount, absolute + 1);
        if (_sectionReferences.Count > 0) TrackSection(streamId, requiredInsertCount, _sectionReferences.ToArray());

        QPackInstructionWriter.Prefix(destination, requiredInsertCount, baseIndex, _peerMaxTableCapacity / DynamicTable.EntryOverhead);
        destination.Write(_lines.WrittenSpan);
    }

    /// <summary>
    /// Inserts a line without referencing it (a speculative insert, §2.1), if the dynamic table is in
    /// use, the line may be indexed, and room can be made without evicting an entry still needed.
    /// </summary>
    public bool TryInsert(HeaderField field)
    {
        if (_table.Capacity == 0 || IsNeverIndexed(field)) return false;
        if (!QPackString.IsLatin1(field.Name) || !QPackString.IsLatin1(field.Value)) throw new ArgumentException("not a Latin-1 byte string", nameof(field));
        if (!CanMakeRoom(field.Size)) return false;
        EmitInsert(field);
        return true;
    }

    private bool IsNeverIndexed(HeaderField field) => field.NeverIndex || _options.SensitiveNames.Contains(field.Name);

    private void EncodeLine(HeaderField field, long baseIndex, bool canBlock)
    {
        bool never = IsNeverIndexed(field);
        HuffmanMode huffman = _options.Huffman;
        if (!never)
        {
            int exact = StaticTable.FindExact(field.Name, field.Value);
            if (exact >= 0)
            {
                QPackInstructionWriter.IndexedStatic(_lines, exact);
                return;
            }
            if (_table.Capacity > 0)
            {
                long drainingIndex = DrainingIndex();
                long match = FindDynamic(field.Name, field.Value, matchValue: true, minIndex: _table.DroppedCount, canBlock: true);
                bool matchUsable = match >= 0 && match >= drainingIndex;
                if (matchUsable && CanReference(match, canBlock))
                {
                    Reference(match);
                    QPackInstructionWriter.IndexedDynamic(_lines, match, baseIndex);
                    return;
                }
                // A usable match that is merely unacknowledged is not inserted again: it will be
                // acknowledged soon, and a second copy would only crowd the table.
                if (!matchUsable && ShouldIndex(field) && CanMakeRoom(field.Size))
                {
                    if (match >= 0)
                    {
                        // §2.1.1.1: re-insert a draining entry rather than keep it alive.
                        QPackInstructionWriter.Duplicate(_encoderStream, _table.EncoderRelativeFromAbsolute(match));
                        HeaderField entry = _table.Get(match);
                        _table.TryInsert(entry.Name, entry.Value);
                    }
                    else
                    {
                        EmitInsert(field);
                    }
                    long inserted = _table.InsertCount - 1;
                    if (CanReference(inserted, canBlock))
                    {
                        Reference(inserted);
                        QPackInstructionWriter.IndexedDynamic(_lines, inserted, baseIndex);
                        return;
                    }
                }
            }
        }

        int staticName = StaticTable.FindName(field.Name);
        if (staticName >= 0)
        {
            QPackInstructionWriter.LiteralWithStaticName(_lines, staticName, field.Value, never, huffman);
            return;
        }
        if (_table.Capacity > 0)
        {
            long nameMatch = FindDynamic(field.Name, field.Value, matchValue: false, minIndex: DrainingIndex(), canBlock);
            if (nameMatch >= 0)
            {
                Reference(nameMatch);
                QPackInstructionWriter.LiteralWithDynamicName(_lines, nameMatch, baseIndex, field.Value, never, huffman);
                return;
            }
        }
        QPackInstructionWriter.LiteralWithLiteralName(_lines, field.Name, field.Value, never, huffman);
    }

    /// <summary>Queues the insert of a line, naming it by static or dynamic reference when possible (§4.3.2, §4.3.3).</summary>
    private void EmitInsert(HeaderField field)
    {
        HuffmanMode huffman = _options.Huffman;
        int staticName = StaticTable.FindName(field.Name);
        long dynamicName = staticName >= 0 ? -1 : FindDynamic(field.Name, field.Value, matchValue: false, _table.DroppedCount, canBlock: true);
        if (staticName >= 0)
        {
            QPackInstructionWriter.InsertWithStaticNameReference(_encoderStream, staticName, field.Value, huffman);
        }
        else if (dynamicName >= 0)
        {
            // References on the encoder stream never block eviction (§2.1.1), even of this very entry.
            QPackInstructionWriter.InsertWithDynamicNameReference(_encoderStream, _table.EncoderRelativeFromAbsolute(dynamicName), field.Value, huffman);
        }
        else
        {
            QPackInstructionWriter.InsertWithLiteralName(_encoderStream, field.Name, field.Value, huffman);
        }
        _table.TryInsert(field.Name, field.Value);
    }

    /// <summary>Our indexing policy: anything not sensitive that fits half the table.</summary>
    private bool ShouldIndex(HeaderField field) => field.Size <= _table.Capacity / 2;

    private long DrainingIndex() => _table.GetDrainingIndex(_table.Capacity * _options.DrainingReservePercent / 100);

    /// <summary>An entry not yet acknowledged may only be referenced when the section may block (§2.1.2).</summary>
    private bool CanReference(long absoluteIndex, bool canBlock) =>
        absoluteIndex >= 0 && (absoluteIndex < _knownReceivedCount || canBlock);

    /// <summary>The newest entry at or above <paramref name="minIndex"/> with this name (and value), that may be referenced; -1 if none.</summary>
    private long FindDynamic(string name, string value, bool matchValue, long minIndex, bool canBlock)
    {
        for (long abs = _table.InsertCount - 1; abs >= minIndex && abs >= _table.DroppedCount; abs--)
        {
            if (!CanReference(abs, canBlock)) continue;
            HeaderField entry = _table.Get(abs);
            if (entry.Name == name && (!matchValue || entry.Value == value)) return abs;
        }
        return -1;
    }
}
