namespace ActorQuic.Http3.QPack;

/// <summary>Field section prefix and field line representations (RFC 9204 §4.5).</summary>
public sealed partial class QPackDecoder
{
    private const Http3ErrorCode Failed = Http3ErrorCode.QpackDecompressionFailed;

    private static Http3ProtocolException Malformed(string reason) => new(Failed, reason);

    /// <summary>Encoded Field Section Prefix (§4.5.1): Required Insert Count and Base.</summary>
    private void ReadPrefix(ReadOnlySpan<byte> source, ref int position, out long requiredInsertCount, out long baseIndex)
    {
        if (!QPackInteger.TryRead(source, ref position, 8, out ulong encodedInsertCount, Failed)) throw Malformed("truncated field section prefix");
        if (position >= source.Length) throw Malformed("truncated field section prefix");
        bool negative = (source[position] & 0x80) != 0;
        if (!QPackInteger.TryRead(source, ref position, 7, out ulong deltaBase, Failed)) throw Malformed("truncated field section prefix");

        requiredInsertCount = DecodeRequiredInsertCount(encodedInsertCount);
        if (negative)
        {
            // §4.5.1.2: Base must not be negative.
            if ((ulong)requiredInsertCount <= deltaBase) throw Malformed("negative Base");
            baseIndex = requiredInsertCount - (long)deltaBase - 1;
        }
        else
        {
            baseIndex = requiredInsertCount + (long)deltaBase;
        }
    }

    /// <summary>§4.5.1.1, the decoder's reconstruction of Required Insert Count.</summary>
    private long DecodeRequiredInsertCount(ulong encodedInsertCount)
    {
        if (encodedInsertCount == 0) return 0;
        long maxEntries = _table.MaxEntries;
        long fullRange = 2 * maxEntries;
        if (encodedInsertCount > (ulong)fullRange) throw Malformed("Required Insert Count out of range");
        long maxValue = _table.InsertCount + maxEntries;
        long maxWrapped = maxValue / fullRange * fullRange;
        long requiredInsertCount = maxWrapped + (long)encodedInsertCount - 1;
        if (requiredInsertCount > maxValue)
        {
            if (requiredInsertCount <= fullRange) throw Malformed("Required Insert Count out of range");
            requiredInsertCount -= fullRange;
        }
        if (requiredInsertCount == 0) throw Malformed("Required Insert Count of 0 encoded as non-zero");
        return requiredInsertCount;
    }

    private List<HeaderField> DecodeFieldLines(ReadOnlySpan<byte> source, int position, long requiredInsertCount, long baseIndex)
    {
        var fields = new List<HeaderField>();
        long budget = _options.MaxFieldSectionSize;
        long largestReference = -1;

        while (position < source.Length)
        {
            byte first = source[position];
            HeaderField field;
            if ((first & 0x80) != 0)
            {
                // §4.5.2 Indexed Field Line: 1 T Index(6+).
                ulong index = ReadInteger(source, ref position, 6);
                field = (first & 0x40) != 0
                    ? StaticEntry(index)
                    : DynamicEntry(RelativeToAbsolute(index, baseIndex, requiredInsertCount), ref largestReference);
            }
            else if ((first & 0x40) != 0)
            {
                // §4.5.4 Literal Field Line with Name Reference: 0 1 N T NameIndex(4+), value (8+).
                bool never = (first & 0x20) != 0;
                ulong index = ReadInteger(source, ref position, 4);
                string name = (first & 0x10) != 0
                    ? StaticEntry(index).Name
                    : DynamicEntry(RelativeToAbsolute(index, baseIndex, requiredInsertCount), ref largestReference).Name;
                string value = ReadString(source, ref position, 8, budget - name.Length - DynamicTable.EntryOverhead);
                field = new HeaderField(name, value, never);
            }
            else if ((first & 0x20) != 0)
            {
                // §4.5.6 Literal Field Line with Literal Name: 0 0 1 N H NameLen(3+), name, value (8+).
                bool never = (first & 0x10) != 0;
                string name = ReadString(source, ref position, 4, budget - DynamicTable.EntryOverhead);
                string value = ReadString(source, ref position, 8, budget - name.Length - DynamicTable.EntryOverhead);
                field = new HeaderField(name, value, never);
            }
            else if ((first & 0x10) != 0)
            {
                // §4.5.3 Indexed Field Line with Post-Base Index: 0 0 0 1 Index(4+).
                ulong index = ReadInteger(source, ref position, 4);
                field = DynamicEntry(PostBaseToAbsolute(index, baseIndex, requiredInsertCount), ref largestReference);
            }
            else
            {
                // §4.5.5 Literal Field Line with Post-Base Name Reference: 0 0 0 0 N NameIndex(3+), value (8+).
                bool never = (first & 0x08) != 0;
                ulong index = ReadInteger(source, ref position, 3);
                string name = DynamicEntry(PostBaseToAbsolute(index, baseIndex, requiredInsertCount), ref largestReference).Name;
                string value = ReadString(source, ref position, 8, budget - name.Length - DynamicTable.EntryOverhead);
                field = new HeaderField(name, value, never);
            }

            budget -= field.Size;
            if (budget < 0)
            {
                throw new Http3ProtocolException(Failed, "field section exceeds the maximum size", isConnectionError: false);
            }
            fields.Add(field);
        }

        // §2.2.1: the Required Insert Count must be exactly one more than the largest reference.
        // Smaller is caught per reference; larger "MAY" be an error, and we take it as one.
        if (requiredInsertCount != largestReference + 1)
        {
            throw Malformed("Required Insert Count larger than needed");
        }
        return fields;
    }

    private static ulong ReadInteger(ReadOnlySpan<byte> source, ref int position, int prefixBits)
    {
        if (!QPackInteger.TryRead(source, ref position, prefixBits, out ulong value, Failed)) throw Malformed("truncated field line");
        return value;
    }

    private static string ReadString(ReadOnlySpan<byte> source, ref int position, int prefixBits, long maxDecodedLength)
    {
        // The encoded length is bounded by what is left of the section (truncation is malformed);
        // the decoded length by what is left of the size budget (a stream error, §7.4).
        if (!QPackString.TryRead(source, ref position, prefixBits, long.MaxValue, Math.Max(0, maxDecodedLength), Failed, limitIsStreamError: true, out string value))
        {
            throw Malformed("truncated string literal");
        }
        return value;
    }

    private static HeaderField StaticEntry(ulong index)
    {
        // §3.1: an invalid static index in a field line is QPACK_DECOMPRESSION_FAILED.
        if (!StaticTable.TryGet(index, out HeaderField field)) throw Malformed("static table index out of range");
        return field;
    }

    private static long RelativeToAbsolute(ulong relativeIndex, long baseIndex, long requiredInsertCount)
    {
        // §3.2.5: relative 0 is Base - 1; it must also be below the Required Insert Count (§2.2.3).
        if (relativeIndex >= (ulong)baseIndex) throw Malformed("relative index before the first entry");
        long absolute = baseIndex - 1 - (long)relativeIndex;
        if (absolute >= requiredInsertCount) throw Malformed("reference at or above the Required Insert Count");
        return absolute;
    }

    private static long PostBaseToAbsolute(ulong postBaseIndex, long baseIndex, long requiredInsertCount)
    {
        // §3.2.6: post-Base 0 is Base; it must be below the Required Insert Count (§2.2.3).
        if (requiredInsertCount <= baseIndex || postBaseIndex >= (ulong)(requiredInsertCount - baseIndex))
        {
            throw Malformed("post-Base reference at or above the Required Insert Count");
        }
        return baseIndex + (long)postBaseIndex;
    }

    private HeaderField DynamicEntry(long absoluteIndex, ref long largestReference)
    {
        // §2.2.3: a reference to an evicted entry is QPACK_DECOMPRESSION_FAILED.
        if (!_table.Contains(absoluteIndex)) throw Malformed("reference to an evicted dynamic table entry");
        if (absoluteIndex > largestReference) largestReference = absoluteIndex;
        return _table.Get(absoluteIndex);
    }
}
