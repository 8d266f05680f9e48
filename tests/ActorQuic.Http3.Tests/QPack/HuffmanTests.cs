using ActorQuic.Http3.QPack;

namespace ActorQuic.Http3.Tests.QPack;

public class HuffmanTests
{
    [Theory]
    // RFC 7541 C.4.1-C.4.3 and C.6.1-C.6.3.
    [InlineData("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff")]
    [InlineData("no-cache", "a8eb 1064 9cbf")]
    [InlineData("custom-key", "25a8 49e9 5ba9 7d7f")]
    [InlineData("custom-value", "25a8 49e9 5bb8 e8b4 bf")]
    [InlineData("302", "6402")]
    [InlineData("private", "aec3 771a 4b")]
    [InlineData("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff")]
    [InlineData("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3")]
    [InlineData("gzip", "9bd9 ab")]
    [InlineData("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07")]
    public void MatchesRfc7541Examples(string text, string hex)
    {
        byte[] expected = Hex.Parse(hex);
        Assert.Equal(expected.Length, Huffman.GetEncodedLength(text));
        var buffer = new byte[expected.Length];
        Assert.Equal(expected.Length, Huffman.Encode(text, buffer));
        Assert.Equal(expected, buffer);

        var decoded = new byte[Huffman.GetMaxDecodedLength(expected.Length)];
        int n = Huffman.Decode(expected, decoded);
        Assert.Equal(text, System.Text.Encoding.Latin1.GetString(decoded, 0, n));
    }

    [Fact]
    public void TableIsACompleteCanonicalPrefixCode()
    {
        // Kraft sum of exactly 1 (complete) and codes assigned in (length, symbol) order (canonical).
        double kraft = 0;
        var order = Enumerable.Range(0, 257).OrderBy(s => Huffman.GetCode(s).Length).ThenBy(s => s).ToArray();
        uint expected = 0;
        int previousLength = Huffman.GetCode(order[0]).Length;
        for (int i = 0; i < order.Length; i++)
        {
            (uint code, int length) = Huffman.GetCode(order[i]);
            kraft += Math.Pow(2, -length);
            if (i > 0)
            {
                expected = (expected + 1) << (length - previousLength);
                previousLength = length;
            }
            Assert.Equal(expected, code);
        }
        Assert.Equal(1.0, kraft, 12);
        Assert.Equal((0x3fffffffu, 30), Huffman.GetCode(Huffman.EndOfString));
    }

    [Fact]
    public void EverySymbolRoundTripsAloneAndRandomStringsRoundTrip()
    {
        for (int c = 0; c < 256; c++)
        {
            string s = ((char)c).ToString();
            var enc = new byte[Huffman.GetEncodedLength(s)];
            Huffman.Encode(s, enc);
            var dec = new byte[Huffman.GetMaxDecodedLength(enc.Length)];
            Assert.Equal(1, Huffman.Decode(enc, dec));
            Assert.Equal(c, dec[0]);
        }

        var rng = new Random(1234);
        for (int i = 0; i < 3000; i++)
        {
            var chars = new char[rng.Next(0, 200)];
            for (int j = 0; j < chars.Length; j++) chars[j] = (char)(i % 2 == 0 ? rng.Next(0, 256) : rng.Next(32, 127));
            string s = new(chars);
            var enc = new byte[Huffman.GetEncodedLength(s)];
            Assert.Equal(enc.Length, Huffman.Encode(s, enc));
            var dec = new byte[Huffman.GetMaxDecodedLength(enc.Length)];
            int n = Huffman.Decode(enc, dec);
            Assert.Equal(s, System.Text.Encoding.Latin1.GetString(dec, 0, n));
        }
    }

    [Fact]
    public void EosInTheStringIsRejected()
    {
        // 30 ones (EOS) then 2 bits of padding ones: 32 one bits.
        Assert.Equal(-1, Huffman.Decode([0xff, 0xff, 0xff, 0xff], new byte[16]));
        // 'a' (00011) then EOS: 00011111 11111111 11111111 11111111 111 + padding 11111.
        Assert.Equal(-1, Huffman.Decode([0x1f, 0xff, 0xff, 0xff, 0xff], new byte[16]));
    }

    [Fact]
    public void PaddingLongerThanSevenBitsIsRejected()
    {
        // "www.example.com" then an extra 0xff byte: 8+ bits of ones after the last symbol.
        byte[] ok = Hex.Parse("f1e3c2e5f23a6ba0ab90f4ff");
        Assert.Equal(15, Huffman.Decode(ok, new byte[64]));
        Assert.Equal(-1, Huffman.Decode([.. ok, 0xff], new byte[64]));
        // A lone 0xff: 8 bits of padding.
        Assert.Equal(-1, Huffman.Decode([0xff], new byte[16]));
    }

    [Fact]
    public void PaddingThatIsNotAllOnesIsRejected()
    {
        // '0' is 00000: "00" is 10 bits → one byte + 2 bits; pad with zeros instead of ones.
        Assert.Equal(-1, Huffman.Decode([0x00, 0x00], new byte[16]));
        // Valid: 00000000 00111111 = "00" + 6 one bits of padding.
        Assert.Equal(2, Huffman.Decode([0x00, 0x3f], new byte[16]));
        // Same but one padding bit zero.
        Assert.Equal(-1, Huffman.Decode([0x00, 0x3e], new byte[16]));
    }
}
