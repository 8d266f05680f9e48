using System.Buffers;

namespace ActorQuic.Http3.QPack;

/// <summary>
/// The prefixed integer of RFC 7541 §5.1, used unmodified by RFC 9204 §4.1.1 with prefixes of
/// 3 to 8 bits. Values are limited to 62 bits (the RFC's floor, and QUIC's own integer range);
/// anything larger, or an encoding with more continuation bytes than a 62-bit value needs, is
/// rejected so a peer cannot make us loop over endless 0x80 padding.
/// </summary>
public static class QPackInteger
{
    /// <summary>The largest value accepted: 2^62 - 1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>The most bytes one encoded integer can take: the prefix byte + 9 continuation bytes.</summary>
    public const int MaxEncodedLength = 10;

    public static int GetEncodedLength(int prefixBits, ulong value)
    {
        ulong max = (1UL << prefixBits) - 1;
        if (value < max) return 1;
        value -= max;
        int n = 2;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }

    /// <summary>
    /// Writes <paramref name="value"/> with an N-bit prefix; <paramref name="firstByteFlags"/> holds
    /// the bits above the prefix (the instruction pattern). Returns the bytes written.
    /// </summary>
    public static int Encode(Span<byte> destination, byte firstByteFlags, int prefixBits, ulong value)
    {
        ulong max = (1UL << prefixBits) - 1;
        if (value < max)
        {
            destination[0] = (byte)(firstByteFlags | (byte)value);
            return 1;
        }
        destination[0] = (byte)(firstByteFlags | (byte)max);
        value -= max;
        int i = 1;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value & 0x7f | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static void Write(IBufferWriter<byte> writer, byte firstByteFlags, int prefixBits, ulong value)
    {
        Span<byte> span = writer.GetSpan(MaxEncodedLength + 1);
        writer.Advance(Encode(span, firstByteFlags, prefixBits, value));
    }

    /// <summary>
    /// Reads an N-bit prefix integer at <paramref name="position"/>. Returns false, leaving the position
    /// unchanged, when the input ends first (more may arrive on a stream); throws
    /// <see cref="Http3ProtocolException"/> with <paramref name="error"/> when the value is too large.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, ref int position, int prefixBits, out ulong value, Http3ErrorCode error)
    {
        value = 0;
        int p = position;
        if (p >= source.Length) return false;
        ulong max = (1UL << prefixBits) - 1;
        ulong v = source[p++] & max;
        if (v < max)
        {
            value = v;
            position = p;
            return true;
        }
        int shift = 0;
        while (true)
        {
            if (p >= source.Length) return false;
            byte b = source[p++];
            // RFC 9204 §7.4: a limit on both value and encoded length. Shifts 0..56 cover 62 bits.
            if (shift > 56) throw new Http3ProtocolException(error, "prefixed integer encoding too long");
            v += (ulong)(b & 0x7f) << shift;
            if (v > MaxValue) throw new Http3ProtocolException(error, "prefixed integer exceeds 62 bits");
            if ((b & 0x80) == 0) break;
            shift += 7;
        }
        value = v;
        position = p;
        return true;
    }
}
