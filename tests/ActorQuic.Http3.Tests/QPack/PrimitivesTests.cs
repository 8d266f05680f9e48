using System.Buffers;
using ActorQuic.Http3.QPack;

namespace ActorQuic.Http3.Tests.QPack;

public class PrimitivesTests
{
    [Theory]
    // RFC 7541 C.1.1, C.1.2, C.1.3.
    [InlineData(5, 10UL, "0a")]
    [InlineData(5, 1337UL, "1f9a0a")]
    [InlineData(8, 42UL, "2a")]
    // Boundaries: exactly the prefix maximum needs a zero continuation byte.
    [InlineData(5, 31UL, "1f00")]
    [InlineData(7, 127UL, "7f00")]
    [InlineData(3, 7UL, "0700")]
    public void PrefixIntegerMatchesRfc7541(int prefixBits, ulong value, string hex)
    {
        var w = new ArrayBufferWriter<byte>();
        QPackInteger.Write(w, 0, prefixBits, value);
        Assert.Equal(hex, Hex.Of(w.WrittenSpan));
        Assert.Equal(hex.Length / 2, QPackInteger.GetEncodedLength(prefixBits, value));

        int pos = 0;
        Assert.True(QPackInteger.TryRead(Hex.Parse(hex), ref pos, prefixBits, out ulong read, Http3ErrorCode.QpackDecompressionFailed));
        Assert.Equal(value, read);
        Assert.Equal(hex.Length / 2, pos);
    }

    [Fact]
    public void PrefixIntegerKeepsFlagBitsAndIgnoresThemOnRead()
    {
        var w = new ArrayBufferWriter<byte>();
        QPackInteger.Write(w, 0xE0, 5, 1337);
        Assert.Equal("ff9a0a", Hex.Of(w.WrittenSpan));
        int pos = 0;
        Assert.True(QPackInteger.TryRead(w.WrittenSpan, ref pos, 5, out ulong v, Http3ErrorCode.QpackDecompressionFailed));
        Assert.Equal(1337UL, v);
    }

    [Fact]
    public void PrefixIntegerRoundTripsUpTo62Bits()
    {
        var rng = new Random(1234);
        for (int i = 0; i < 5000; i++)
        {
            int prefix = rng.Next(1, 9);
            ulong value = (ulong)rng.NextInt64() >> rng.Next(1, 64);
            value &= QPackInteger.MaxValue;
            var w = new ArrayBufferWriter<byte>();
            QPackInteger.Write(w, 0, prefix, value);
            int pos = 0;
            Assert.True(QPackInteger.TryRead(w.WrittenSpan, ref pos, prefix, out ulong read, Http3ErrorCode.QpackDecompressionFailed));
            Assert.Equal(value, read);
            Assert.Equal(w.WrittenCount, pos);
            Assert.True(w.WrittenCount <= QPackInteger.MaxEncodedLength);
        }
    }

    [Fact]
    public void PrefixIntegerTruncationIsIncompleteNotAnError()
    {
        int pos = 0;
        Assert.False(QPackInteger.TryRead(Hex.Parse("1f9a"), ref pos, 5, out _, Http3ErrorCode.QpackDecompressionFailed));
        Assert.Equal(0, pos);
        Assert.False(QPackInteger.TryRead([], ref pos, 5, out _, Http3ErrorCode.QpackDecompressionFailed));
    }

    [Fact]
    public void PrefixIntegerOverflowAndEndlessPaddingAreRejected()
    {
        // 2^62 exactly: one past the limit.
        var w = new ArrayBufferWriter<byte>();
        QPackInteger.Write(w, 0, 8, QPackInteger.MaxValue);
        byte[] max = w.WrittenSpan.ToArray();
        int pos = 0;
        Assert.True(QPackInteger.TryRead(max, ref pos, 8, out ulong v, Http3ErrorCode.QpackEncoderStreamError));
        Assert.Equal(QPackInteger.MaxValue, v);

        byte[] tooBig = [0xff, 0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
        pos = 0;
        var e = Assert.Throws<Http3ProtocolException>(() => QPackInteger.TryRead(tooBig, ref pos, 8, out _, Http3ErrorCode.QpackEncoderStreamError));
        Assert.Equal(Http3ErrorCode.QpackEncoderStreamError, e.ErrorCode);

        byte[] padding = [0x1f, .. Enumerable.Repeat((byte)0x80, 20), 0x00];
        pos = 0;
        e = Assert.Throws<Http3ProtocolException>(() => QPackInteger.TryRead(padding, ref pos, 5, out _, Http3ErrorCode.QpackDecoderStreamError));
        Assert.Equal(Http3ErrorCode.QpackDecoderStreamError, e.ErrorCode);
    }

    [Theory]
    [InlineData("custom-key", HuffmanMode.Never, "0a637573746f6d2d6b6579")]
    [InlineData("custom-key", HuffmanMode.WhenShorter, "8825a849e95ba97d7f")]
    [InlineData("", HuffmanMode.WhenShorter, "00")]
    public void StringLiteralEncodesPerRfc7541(string value, HuffmanMode mode, string hex)
    {
        var w = new ArrayBufferWriter<byte>();
        QPackString.Write(w, 0, 8, value, mode);
        Assert.Equal(hex, Hex.Of(w.WrittenSpan));
        int pos = 0;
        Assert.True(QPackString.TryRead(w.WrittenSpan, ref pos, 8, 1000, 1000, Http3ErrorCode.QpackDecompressionFailed, false, out string read));
        Assert.Equal(value, read);
    }

    [Fact]
    public void StringLiteralWithShortPrefixRoundTripsAllOctets()
    {
        var rng = new Random(99);
        for (int i = 0; i < 2000; i++)
        {
            int prefix = rng.Next(2, 9);
            var chars = new char[rng.Next(0, 300)];
            for (int j = 0; j < chars.Length; j++) chars[j] = (char)rng.Next(0, 256);
            string s = new(chars);
            var w = new ArrayBufferWriter<byte>();
            byte flags = (byte)(prefix == 8 ? 0 : 0xFF << prefix);
            QPackString.Write(w, flags, prefix, s, (HuffmanMode)rng.Next(0, 3));
            int pos = 0;
            Assert.True(QPackString.TryRead(w.WrittenSpan, ref pos, prefix, 10_000, 10_000, Http3ErrorCode.QpackDecompressionFailed, false, out string read));
            Assert.Equal(s, read);
            Assert.Equal(w.WrittenCount, pos);
        }
    }

    [Fact]
    public void StringLiteralLongerThanTheLimitIsRefusedBeforeItsBytesArrive()
    {
        // Length 1000 announced, only the header present: refused at once, not "incomplete".
        byte[] header = [0x7f, 0xe9, 0x06];
        int pos = 0;
        var e = Assert.Throws<Http3ProtocolException>(() =>
            QPackString.TryRead(header, ref pos, 8, 100, 100, Http3ErrorCode.QpackEncoderStreamError, false, out _));
        Assert.Equal(Http3ErrorCode.QpackEncoderStreamError, e.ErrorCode);
        Assert.True(e.IsConnectionError);

        pos = 0;
        e = Assert.Throws<Http3ProtocolException>(() =>
            QPackString.TryRead(header, ref pos, 8, 100, 100, Http3ErrorCode.QpackDecompressionFailed, true, out _));
        Assert.False(e.IsConnectionError);
    }
}
