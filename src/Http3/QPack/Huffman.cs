namespace ActorQuic.Http3.QPack;

/// <summary>
/// Huffman coding of string literals (RFC 7541 §5.2 and Appendix B; RFC 9204 §4.1.2).
/// Encoding packs codes MSB-first and pads the last octet with the high bits of EOS (all ones).
/// Decoding is canonical-code table driven: per code length we keep the first code and the
/// number of codes, so a symbol is found by extending the candidate code one bit at a time
/// from 5 bits (the shortest code) until it falls inside its length's range.
/// </summary>
public static partial class Huffman
{
    private const int MinLength = 5;
    private const int MaxLength = 30;

    // Canonical decoding tables, indexed by code length.
    private static readonly uint[] FirstCode = new uint[MaxLength + 1];
    private static readonly uint[] CodeCount = new uint[MaxLength + 1];
    private static readonly int[] FirstSymbolIndex = new int[MaxLength + 1];
    private static readonly short[] SymbolsByCode = new short[257];

    static Huffman()
    {
        int k = 0;
        for (int len = 1; len <= MaxLength; len++)
        {
            FirstSymbolIndex[len] = k;
            uint first = uint.MaxValue;
            for (int sym = 0; sym <= EndOfString; sym++)
            {
                if (Lengths[sym] != len) continue;
                if (first == uint.MaxValue) first = Codes[sym];
                SymbolsByCode[k++] = (short)sym;
                CodeCount[len]++;
            }
            // For lengths without codes, the canonical "next code" keeps the range empty.
            FirstCode[len] = first == uint.MaxValue ? 0 : first;
        }
    }

    /// <summary>The code of <paramref name="symbol"/> (0..256), right-aligned, and its bit length.</summary>
    public static (uint Code, int Length) GetCode(int symbol) => (Codes[symbol], Lengths[symbol]);

    /// <summary>The Huffman-encoded length in bytes of a Latin-1 string (chars must be ≤ U+00FF).</summary>
    public static int GetEncodedLength(ReadOnlySpan<char> value)
    {
        long bits = 0;
        foreach (char c in value) bits += Lengths[c];
        return (int)((bits + 7) >> 3);
    }

    /// <summary>Encodes a Latin-1 string (chars must be ≤ U+00FF); returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<char> value, Span<byte> destination)
    {
        ulong acc = 0;
        int bits = 0;
        int n = 0;
        foreach (char c in value)
        {
            int len = Lengths[c];
            acc = acc << len | Codes[c];
            bits += len;
            while (bits >= 8)
            {
                bits -= 8;
                destination[n++] = (byte)(acc >> bits);
            }
            acc &= (1UL << bits) - 1;
        }
        if (bits > 0)
        {
            // RFC 7541 §5.2: pad with the most significant bits of EOS, i.e. ones.
            destination[n++] = (byte)(acc << (8 - bits) | (0xFFu >> bits));
        }
        return n;
    }

    /// <summary>An upper bound on the decoded length: every code is at least 5 bits.</summary>
    public static int GetMaxDecodedLength(int encodedLength) => (int)((long)encodedLength * 8 / MinLength);

    /// <summary>
    /// Decodes into <paramref name="destination"/> (at least <see cref="GetMaxDecodedLength"/> bytes).
    /// Returns the decoded length, or -1 when the input is invalid: it contains EOS, or its
    /// padding is longer than 7 bits or not all ones (RFC 7541 §5.2).
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong acc = 0;
        int bits = 0;
        int n = 0;
        foreach (byte b in source)
        {
            acc = acc << 8 | b;
            bits += 8;
            while (bits >= MinLength)
            {
                int len = MinLength;
                uint code = (uint)(acc >> (bits - len)) & ((1u << len) - 1);
                bool complete = true;
                // Codes of length len occupy [FirstCode, FirstCode + CodeCount); a canonical code
                // that is past that range continues with one more bit.
                while (code - FirstCode[len] >= CodeCount[len])
                {
                    len++;
                    if (len > bits || len > MaxLength)
                    {
                        complete = false;
                        break;
                    }
                    code = (uint)(acc >> (bits - len)) & ((1u << len) - 1);
                }
                if (!complete) break;
                int symbol = SymbolsByCode[FirstSymbolIndex[len] + (int)(code - FirstCode[len])];
                if (symbol == EndOfString) return -1;
                destination[n++] = (byte)symbol;
                bits -= len;
                acc &= (1UL << bits) - 1;
            }
        }
        if (bits > 7) return -1;
        ulong padding = (1UL << bits) - 1;
        if ((acc & padding) != padding) return -1;
        return n;
    }
}
