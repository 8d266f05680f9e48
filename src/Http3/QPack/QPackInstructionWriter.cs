using System.Buffers;

namespace ActorQuic.Http3.QPack;

/// <summary>
/// Writers for every QPACK wire form: encoder instructions (RFC 9204 §4.3), decoder instructions
/// (§4.4), the field section prefix (§4.5.1) and the field line representations (§4.5.2-§4.5.6).
/// The encoder and decoder use them; tests use them to build exact byte sequences.
/// </summary>
internal static class QPackInstructionWriter
{
    // §4.3.1 Set Dynamic Table Capacity: 001 Capacity(5+).
    public static void SetCapacity(IBufferWriter<byte> w, long capacity) => QPackInteger.Write(w, 0x20, 5, (ulong)capacity);

    // §4.3.2 Insert with Name Reference, static (T=1): 11 NameIndex(6+), value.
    public static void InsertWithStaticNameReference(IBufferWriter<byte> w, int staticIndex, string value, HuffmanMode huffman)
    {
        QPackInteger.Write(w, 0xC0, 6, (ulong)staticIndex);
        QPackString.Write(w, 0x00, 8, value, huffman);
    }

    // §4.3.2 Insert with Name Reference, dynamic (T=0): 10 RelativeIndex(6+), value.
    public static void InsertWithDynamicNameReference(IBufferWriter<byte> w, long relativeIndex, string value, HuffmanMode huffman)
    {
        QPackInteger.Write(w, 0x80, 6, (ulong)relativeIndex);
        QPackString.Write(w, 0x00, 8, value, huffman);
    }

    // §4.3.3 Insert with Literal Name: 01 H NameLen(5+), name, value.
    public static void InsertWithLiteralName(IBufferWriter<byte> w, string name, string value, HuffmanMode huffman)
    {
        QPackString.Write(w, 0x40, 6, name, huffman);
        QPackString.Write(w, 0x00, 8, value, huffman);
    }

    // §4.3.4 Duplicate: 000 RelativeIndex(5+).
    public static void Duplicate(IBufferWriter<byte> w, long relativeIndex) => QPackInteger.Write(w, 0x00, 5, (ulong)relativeIndex);

    // §4.4.1 Section Acknowledgment: 1 StreamID(7+).
    public static void SectionAcknowledgment(IBufferWriter<byte> w, long streamId) => QPackInteger.Write(w, 0x80, 7, (ulong)streamId);

    // §4.4.2 Stream Cancellation: 01 StreamID(6+).
    public static void StreamCancellation(IBufferWriter<byte> w, long streamId) => QPackInteger.Write(w, 0x40, 6, (ulong)streamId);

    // §4.4.3 Insert Count Increment: 00 Increment(6+).
    public static void InsertCountIncrement(IBufferWriter<byte> w, long increment) => QPackInteger.Write(w, 0x00, 6, (ulong)increment);

    /// <summary>§4.5.1: Required Insert Count (encoded per §4.5.1.1) and Base as Sign + Delta Base (§4.5.1.2).</summary>
    public static void Prefix(IBufferWriter<byte> w, long requiredInsertCount, long baseIndex, long maxEntries)
    {
        if (requiredInsertCount == 0)
        {
            // No dynamic references: any Base will do; Delta Base 0 is the shortest.
            QPackInteger.Write(w, 0x00, 8, 0);
            QPackInteger.Write(w, 0x00, 7, 0);
            return;
        }
        ulong encoded = (ulong)(requiredInsertCount % (2 * maxEntries)) + 1;
        QPackInteger.Write(w, 0x00, 8, encoded);
        if (baseIndex >= requiredInsertCount)
        {
            QPackInteger.Write(w, 0x00, 7, (ulong)(baseIndex - requiredInsertCount));
        }
        else
        {
            QPackInteger.Write(w, 0x80, 7, (ulong)(requiredInsertCount - baseIndex - 1));
        }
    }

    // §4.5.2 Indexed Field Line, static: 11 Index(6+).
    public static void IndexedStatic(IBufferWriter<byte> w, int staticIndex) => QPackInteger.Write(w, 0xC0, 6, (ulong)staticIndex);

    /// <summary>§4.5.2 (relative, T=0: 10 Index(6+)) below Base, §4.5.3 (post-Base: 0001 Index(4+)) at or above it.</summary>
    public static void IndexedDynamic(IBufferWriter<byte> w, long absoluteIndex, long baseIndex)
    {
        if (absoluteIndex < baseIndex)
        {
            QPackInteger.Write(w, 0x80, 6, (ulong)(baseIndex - 1 - absoluteIndex));
        }
        else
        {
            QPackInteger.Write(w, 0x10, 4, (ulong)(absoluteIndex - baseIndex));
        }
    }

    // §4.5.4 Literal Field Line with Name Reference, static: 01 N 1 NameIndex(4+), value.
    public static void LiteralWithStaticName(IBufferWriter<byte> w, int staticIndex, string value, bool neverIndex, HuffmanMode huffman)
    {
        QPackInteger.Write(w, (byte)(0x50 | (neverIndex ? 0x20 : 0)), 4, (ulong)staticIndex);
        QPackString.Write(w, 0x00, 8, value, huffman);
    }

    /// <summary>§4.5.4 (relative, T=0: 01 N 0 Index(4+)) below Base, §4.5.5 (post-Base: 0000 N Index(3+)) at or above it.</summary>
    public static void LiteralWithDynamicName(IBufferWriter<byte> w, long absoluteIndex, long baseIndex, string value, bool neverIndex, HuffmanMode huffman)
    {
        if (absoluteIndex < baseIndex)
        {
            QPackInteger.Write(w, (byte)(0x40 | (neverIndex ? 0x20 : 0)), 4, (ulong)(baseIndex - 1 - absoluteIndex));
        }
        else
        {
            QPackInteger.Write(w, (byte)(neverIndex ? 0x08 : 0), 3, (ulong)(absoluteIndex - baseIndex));
        }
        QPackString.Write(w, 0x00, 8, value, huffman);
    }

    // §4.5.6 Literal Field Line with Literal Name: 001 N H NameLen(3+), name, value.
    public static void LiteralWithLiteralName(IBufferWriter<byte> w, string name, string value, bool neverIndex, HuffmanMode huffman)
    {
        QPackString.Write(w, (byte)(0x20 | (neverIndex ? 0x10 : 0)), 4, name, huffman);
        QPackString.Write(w, 0x00, 8, value, huffman);
    }
}
