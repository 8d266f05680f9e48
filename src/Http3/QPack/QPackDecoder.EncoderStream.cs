namespace ActorQuic.Http3.QPack;

/// <summary>Encoder-stream instructions (RFC 9204 §4.3), applied to the decoder's dynamic table.</summary>
public sealed partial class QPackDecoder
{
    private const Http3ErrorCode EncoderStreamError = Http3ErrorCode.QpackEncoderStreamError;

    // A partial instruction waiting for the rest of its bytes. Its size is bounded because string
    // lengths are checked against the table capacity before their octets are awaited.
    private byte[] _pending = [];
    private int _pendingCount;

    /// <summary>
    /// Applies bytes from the peer's encoder stream (§4.3), keeping a trailing partial instruction
    /// for the next call. Field sections waiting for these inserts are decoded and become available
    /// through <see cref="TryTakeUnblocked"/>. Throws QPACK_ENCODER_STREAM_ERROR on a bad instruction.
    /// </summary>
    public void ReceiveEncoderStream(ReadOnlySpan<byte> data)
    {
        if (_pendingCount == 0)
        {
            int consumed = ApplyEncoderInstructions(data);
            Keep(data[consumed..]);
            return;
        }

        var combined = new byte[_pendingCount + data.Length];
        _pending.AsSpan(0, _pendingCount).CopyTo(combined);
        data.CopyTo(combined.AsSpan(_pendingCount));
        _pendingCount = 0;
        int used = ApplyEncoderInstructions(combined);
        Keep(combined.AsSpan(used));
    }

    private void Keep(ReadOnlySpan<byte> rest)
    {
        if (rest.Length > _pending.Length) _pending = new byte[Math.Max(rest.Length, 64)];
        rest.CopyTo(_pending);
        _pendingCount = rest.Length;
    }

    /// <summary>Applies every complete instruction; returns the bytes consumed.</summary>
    private int ApplyEncoderInstructions(ReadOnlySpan<byte> source)
    {
        int position = 0;
        while (position < source.Length)
        {
            int p = position;
            if (!TryApplyEncoderInstruction(source, ref p)) break;
            position = p;
        }
        return position;
    }

    private bool TryApplyEncoderInstruction(ReadOnlySpan<byte> source, ref int position)
    {
        byte first = source[position];
        if ((first & 0x80) != 0)
        {
            // §4.3.2 Insert with Name Reference: 1 T NameIndex(6+), value (8+).
            if (!QPackInteger.TryRead(source, ref position, 6, out ulong index, EncoderStreamError)) return false;
            string name;
            if ((first & 0x40) != 0)
            {
                if (!StaticTable.TryGet(index, out HeaderField entry)) throw EncoderError("static table index out of range");
                name = entry.Name;
            }
            else
            {
                long absolute = _table.AbsoluteFromEncoderRelative(index);
                if (absolute < 0) throw EncoderError("dynamic name reference to a missing entry");
                name = _table.Get(absolute).Name;
            }
            if (!TryReadEntryString(source, ref position, 8, name.Length, out string value)) return false;
            Insert(name, value);
            return true;
        }
        if ((first & 0x40) != 0)
        {
            // §4.3.3 Insert with Literal Name: 0 1 H NameLen(5+), name, value (8+).
            if (!TryReadEntryString(source, ref position, 6, 0, out string name)) return false;
            if (!TryReadEntryString(source, ref position, 8, name.Length, out string value)) return false;
            Insert(name, value);
            return true;
        }
        if ((first & 0x20) != 0)
        {
            // §4.3.1 Set Dynamic Table Capacity: 0 0 1 Capacity(5+).
            if (!QPackInteger.TryRead(source, ref position, 5, out ulong capacity, EncoderStreamError)) return false;
            if (capacity > (ulong)_table.MaxCapacity || !_table.TrySetCapacity((long)capacity))
            {
                throw EncoderError("capacity above SETTINGS_QPACK_MAX_TABLE_CAPACITY");
            }
            return true;
        }
        {
            // §4.3.4 Duplicate: 0 0 0 Index(5+).
            if (!QPackInteger.TryRead(source, ref position, 5, out ulong index, EncoderStreamError)) return false;
            long absolute = _table.AbsoluteFromEncoderRelative(index);
            if (absolute < 0) throw EncoderError("duplicate of a missing entry");
            HeaderField entry = _table.Get(absolute);
            Insert(entry.Name, entry.Value);
            return true;
        }
    }

    /// <summary>
    /// Reads a name or value of an insert. An entry (name + value + 32) must fit the current
    /// capacity, so longer strings are refused before their octets are awaited; Huffman codes are
    /// at least 5 bits and at most 30, which bounds the encoded length by 4x the decoded one.
    /// </summary>
    private bool TryReadEntryString(ReadOnlySpan<byte> source, ref int position, int prefixBits, int alreadyUsed, out string value)
    {
        long maxDecoded = Math.Max(0, _table.Capacity - DynamicTable.EntryOverhead - alreadyUsed);
        return QPackString.TryRead(source, ref position, prefixBits, 4 * maxDecoded + 1, maxDecoded, EncoderStreamError, limitIsStreamError: false, out value);
    }

    private void Insert(string name, string value)
    {
        // §3.2.2: an entry larger than the capacity is QPACK_ENCODER_STREAM_ERROR.
        if (!_table.TryInsert(name, value)) throw EncoderError("entry larger than the dynamic table capacity");
        UnblockReady();
    }

    private static Http3ProtocolException EncoderError(string reason) => new(EncoderStreamError, reason);
}
