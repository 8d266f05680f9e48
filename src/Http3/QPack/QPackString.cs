using System.Buffers;
using System.Text;

namespace ActorQuic.Http3.QPack;

/// <summary>
/// The N-bit prefix string literal of RFC 9204 §4.1.2 (RFC 7541 §5.2 when N = 8): one 'H' bit,
/// the length as an (N-1)-bit prefix integer, then the octets (Huffman-coded when H = 1).
/// Strings are Latin-1 (one char per octet, see <see cref="HeaderField"/>).
/// </summary>
public static class QPackString
{
    /// <summary>Whether <paramref name="value"/> is a byte string (every char ≤ U+00FF).</summary>
    public static bool IsLatin1(string value)
    {
        foreach (char c in value)
        {
            if (c > 0xFF) return false;
        }
        return true;
    }

    public static bool ShouldHuffman(string value, HuffmanMode mode) => mode switch
    {
        HuffmanMode.Never => false,
        HuffmanMode.Always => true,
        _ => Huffman.GetEncodedLength(value) < value.Length,
    };

    /// <summary>Writes an N-bit prefix string literal; <paramref name="firstByteFlags"/> holds the bits above the H bit.</summary>
    public static void Write(IBufferWriter<byte> writer, byte firstByteFlags, int prefixBits, string value, HuffmanMode mode)
    {
        bool huffman = ShouldHuffman(value, mode);
        int length = huffman ? Huffman.GetEncodedLength(value) : value.Length;
        byte flags = (byte)(firstByteFlags | (huffman ? 1 << (prefixBits - 1) : 0));
        Span<byte> span = writer.GetSpan(QPackInteger.MaxEncodedLength + length);
        int n = QPackInteger.Encode(span, flags, prefixBits - 1, (ulong)length);
        if (huffman)
        {
            n += Huffman.Encode(value, span[n..]);
        }
        else
        {
            n += Encoding.Latin1.GetBytes(value, span[n..]);
        }
        writer.Advance(n);
    }

    /// <summary>
    /// Reads an N-bit prefix string literal at <paramref name="position"/>. Returns false, position
    /// unchanged, when the input ends first. Throws <see cref="Http3ProtocolException"/> with
    /// <paramref name="error"/> when the encoded length exceeds <paramref name="maxEncodedLength"/>,
    /// the decoded length exceeds <paramref name="maxDecodedLength"/>, or the Huffman coding is invalid.
    /// The length checks happen before the octets are needed, so a peer cannot make us buffer a
    /// string we would refuse anyway. <paramref name="limitIsStreamError"/> marks the length
    /// failures as stream errors (RFC 9204 §7.4: an implementation limit on a request stream).
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> source,
        ref int position,
        int prefixBits,
        long maxEncodedLength,
        long maxDecodedLength,
        Http3ErrorCode error,
        bool limitIsStreamError,
        out string value)
    {
        value = string.Empty;
        int p = position;
        if (p >= source.Length) return false;
        bool huffman = (source[p] & (1 << (prefixBits - 1))) != 0;
        if (!QPackInteger.TryRead(source, ref p, prefixBits - 1, out ulong length, error)) return false;
        if (length > (ulong)maxEncodedLength)
        {
            throw new Http3ProtocolException(error, "string literal too long", !limitIsStreamError);
        }
        if ((ulong)(source.Length - p) < length) return false;
        ReadOnlySpan<byte> octets = source.Slice(p, (int)length);
        if (huffman)
        {
            value = DecodeHuffman(octets, maxDecodedLength, error, limitIsStreamError);
        }
        else
        {
            if (octets.Length > maxDecodedLength)
            {
                throw new Http3ProtocolException(error, "string literal too long", !limitIsStreamError);
            }
            value = octets.Length == 0 ? string.Empty : Encoding.Latin1.GetString(octets);
        }
        position = p + (int)length;
        return true;
    }

    private static string DecodeHuffman(ReadOnlySpan<byte> octets, long maxDecodedLength, Http3ErrorCode error, bool limitIsStreamError)
    {
        if (octets.Length == 0) return string.Empty;
        int max = Huffman.GetMaxDecodedLength(octets.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int n = Huffman.Decode(octets, buffer);
            if (n < 0) throw new Http3ProtocolException(error, "invalid Huffman-coded string");
            if (n > maxDecodedLength)
            {
                throw new Http3ProtocolException(error, "string literal too long", !limitIsStreamError);
            }
            return Encoding.Latin1.GetString(buffer[..n]);
        }
        finally
        {
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
