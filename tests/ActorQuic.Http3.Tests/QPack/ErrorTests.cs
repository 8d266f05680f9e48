using ActorQuic.Http3.QPack;

namespace ActorQuic.Http3.Tests.QPack;

/// <summary>Each MUST-error of RFC 9204 maps to its code.</summary>
public class ErrorTests
{
    private const string B2EncoderStream = "3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468";

    private static QPackDecoder Decoder(int blocked = 2, long maxSection = 64 * 1024) =>
        new(new QPackDecoderOptions { MaxTableCapacity = 220, MaxBlockedStreams = blocked, MaxFieldSectionSize = maxSection });

    private static Http3ProtocolException Section(QPackDecoder d, string hex, long streamId = 0) =>
        Assert.Throws<Http3ProtocolException>(() => d.TryDecodeFieldSection(streamId, Hex.Parse(hex), out _));

    [Theory]
    [InlineData("00", "truncated prefix")]
    [InlineData("0000ff24", "static index 99+ (§3.1)")]
    [InlineData("000080", "dynamic reference with Required Insert Count 0 (§2.2.3)")]
    [InlineData("000010", "post-Base reference with Required Insert Count 0")]
    [InlineData("0000510b2f", "truncated value")]
    [InlineData("00005f", "truncated name index")]
    [InlineData("0d00", "encoded insert count above 2 * MaxEntries (§4.5.1.1)")]
    [InlineData("0000 5183 ffffff", "Huffman value that is all padding/EOS")]
    public void MalformedFieldSectionsAreDecompressionFailed(string hex, string why)
    {
        Http3ProtocolException e = Section(Decoder(), hex);
        Assert.True(e.ErrorCode == Http3ErrorCode.QpackDecompressionFailed, why);
        Assert.True(e.IsConnectionError, why);
    }

    [Fact]
    public void DynamicReferenceErrors()
    {
        QPackDecoder d = Decoder();
        d.ReceiveEncoderStream(Hex.Parse(B2EncoderStream)); // inserts 0 and 1; MaxEntries 6
        // RIC 2, Base 2: relative 2 would be abs -1.
        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, Section(d, "0300 82").ErrorCode);
        // Sign 1 with Delta Base ≥ RIC: negative Base (§4.5.1.2).
        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, Section(d, "0382 10").ErrorCode);
        // RIC 2, Base 0: post-Base 2 is abs 2 ≥ RIC.
        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, Section(d, "0381 12").ErrorCode);
        // RIC 2 but only abs 0 referenced: Required Insert Count larger than needed (§2.2.1, MAY).
        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, Section(d, "0381 10").ErrorCode);
        // RIC 2, Base 2 (delta 0) referencing abs 1 via relative 0: fine.
        Assert.True(d.TryDecodeFieldSection(4, Hex.Parse("0300 80"), out var fields));
        Assert.Equal(":path", fields[0].Name);
    }

    [Fact]
    public void ReferenceToAnEvictedEntryIsDecompressionFailed()
    {
        QPackDecoder d = Decoder();
        d.ReceiveEncoderStream(Hex.Parse(B2EncoderStream));
        d.ReceiveEncoderStream(Hex.Parse("21")); // capacity 1: evicts everything
        Assert.Equal(0, d.Table.Count);
        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, Section(d, "0300 81").ErrorCode);
    }

    [Fact]
    public void TooManyBlockedStreamsIsDecompressionFailed()
    {
        QPackDecoder d = Decoder(blocked: 2);
        Assert.False(d.TryDecodeFieldSection(0, Hex.Parse("0200 80"), out _));
        Assert.False(d.TryDecodeFieldSection(4, Hex.Parse("0200 80"), out _));
        // A second section on an already blocked stream does not count as a new blocked stream.
        Assert.False(d.TryDecodeFieldSection(4, Hex.Parse("0000 d1"), out _));
        Http3ProtocolException e = Section(d, "0200 80", streamId: 8);
        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, e.ErrorCode);
        Assert.True(e.IsConnectionError);
    }

    [Fact]
    public void BlockedSectionsOfOneStreamComeOutInOrder()
    {
        QPackDecoder d = Decoder();
        Assert.False(d.TryDecodeFieldSection(4, Hex.Parse("0381 10 11"), out _));
        Assert.False(d.TryDecodeFieldSection(4, Hex.Parse("0000 d1"), out _)); // static-only, but queued behind
        d.ReceiveEncoderStream(Hex.Parse(B2EncoderStream));
        Assert.True(d.TryTakeUnblocked(out var first));
        Assert.Equal(2, first.Fields.Count);
        Assert.True(d.TryTakeUnblocked(out var second));
        Assert.Equal([new HeaderField(":method", "GET")], second.Fields);
        Assert.False(d.TryTakeUnblocked(out _));
    }

    [Fact]
    public void FieldSectionSizeLimitIsAStreamError()
    {
        QPackDecoder d = Decoder(maxSection: 60);
        // :path=/index.html is 5 + 11 + 32 = 48: fits; twice does not.
        Assert.True(d.TryDecodeFieldSection(0, Hex.Parse("0000 510b2f696e6465782e68746d6c"), out _));
        Http3ProtocolException e = Section(d, "0000 510b2f696e6465782e68746d6c 510b2f696e6465782e68746d6c");
        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, e.ErrorCode);
        Assert.False(e.IsConnectionError);

        // A blocked section that turns out too large is reported through TryTakeUnblocked.
        Assert.False(d.TryDecodeFieldSection(4, Hex.Parse("0381 10 11"), out _));
        d.ReceiveEncoderStream(Hex.Parse(B2EncoderStream));
        Assert.True(d.TryTakeUnblocked(out DecodedFieldSection s));
        Assert.NotNull(s.Error);
        Assert.False(s.Error!.IsConnectionError);
        Assert.False(d.HasDecoderStreamBytes && d.TakeDecoderStreamBytes() is [0x84]); // no ack for a failed section
    }

    [Theory]
    [InlineData("3fbe01", "capacity 221 above the maximum 220 (§4.3.1)")]
    [InlineData("3fbd01 ff24 00", "static name index 99+ (§3.1)")]
    [InlineData("3fbd01 8000", "dynamic name reference into an empty table")]
    [InlineData("3fbd01 00", "duplicate in an empty table")]
    [InlineData("c000", "insert with capacity 0 (§3.2.2)")]
    [InlineData("3f09 4000", "insert of an empty entry (32) into capacity 40 is fine, then 20-byte value too large")]
    [InlineData("3fbd01 c083ffffff", "Huffman value containing EOS")]
    public void BadEncoderInstructionsAreEncoderStreamErrors(string hex, string why)
    {
        QPackDecoder d = Decoder();
        byte[] bytes = Hex.Parse(hex);
        if (why.StartsWith("insert of an empty"))
        {
            d.ReceiveEncoderStream(bytes); // capacity 40, insert ("", "")
            Assert.Equal(1, d.InsertCount);
            bytes = Hex.Parse("c0 14" + new string('6', 40));
        }
        var e = Assert.Throws<Http3ProtocolException>(() => d.ReceiveEncoderStream(bytes));
        Assert.True(e.ErrorCode == Http3ErrorCode.QpackEncoderStreamError, why);
    }

    [Fact]
    public void PartialEncoderInstructionsAreBufferedWithinABound()
    {
        QPackDecoder d = Decoder();
        d.ReceiveEncoderStream(Hex.Parse("3fbd01"));
        // A literal-name insert announcing a 150-byte name arrives one byte at a time.
        byte[] insert = [0x5f, 0x77, .. Enumerable.Repeat((byte)'a', 150), 0x00];
        for (int i = 0; i < insert.Length - 1; i++)
        {
            d.ReceiveEncoderStream(insert.AsSpan(i, 1));
            Assert.Equal(0, d.InsertCount);
            Assert.Equal(i + 1, d.PendingEncoderStreamBytes);
        }
        d.ReceiveEncoderStream(insert.AsSpan(insert.Length - 1));
        Assert.Equal(1, d.InsertCount);
        Assert.Equal(0, d.PendingEncoderStreamBytes);

        // A name longer than any entry the capacity allows is refused from its length alone.
        var e = Assert.Throws<Http3ProtocolException>(() => d.ReceiveEncoderStream(Hex.Parse("5f ff 07")));
        Assert.Equal(Http3ErrorCode.QpackEncoderStreamError, e.ErrorCode);
    }

    [Fact]
    public void BadDecoderInstructionsAreDecoderStreamErrors()
    {
        QPackEncoder NewEncoder()
        {
            var enc = new QPackEncoder();
            enc.ApplyPeerSettings(4096, 10);
            enc.EncodeFieldSection(4, [new HeaderField("x-a", "1")]); // one insert, referenced post-Base
            return enc;
        }

        // Section Acknowledgment for a stream with nothing outstanding (§4.4.1).
        var e = Assert.Throws<Http3ProtocolException>(() => NewEncoder().ReceiveDecoderStream([0x88]));
        Assert.Equal(Http3ErrorCode.QpackDecoderStreamError, e.ErrorCode);
        // A second acknowledgment for stream 4.
        QPackEncoder enc = NewEncoder();
        enc.ReceiveDecoderStream([0x84]);
        e = Assert.Throws<Http3ProtocolException>(() => enc.ReceiveDecoderStream([0x84]));
        Assert.Equal(Http3ErrorCode.QpackDecoderStreamError, e.ErrorCode);
        // Insert Count Increment of 0, and beyond what was sent (§4.4.3).
        e = Assert.Throws<Http3ProtocolException>(() => NewEncoder().ReceiveDecoderStream([0x00]));
        Assert.Equal(Http3ErrorCode.QpackDecoderStreamError, e.ErrorCode);
        e = Assert.Throws<Http3ProtocolException>(() => NewEncoder().ReceiveDecoderStream([0x02]));
        Assert.Equal(Http3ErrorCode.QpackDecoderStreamError, e.ErrorCode);
        // Stream Cancellation for an unknown stream is harmless; an increment of 1 is fine.
        enc = NewEncoder();
        enc.ReceiveDecoderStream([0x7f, 0xff, 0x01, 0x01]); // cancel stream 63+255+1... then ICI 1
        Assert.Equal(1, enc.KnownReceivedCount);
        // An overlong integer.
        e = Assert.Throws<Http3ProtocolException>(() => NewEncoder().ReceiveDecoderStream([0xff, .. Enumerable.Repeat((byte)0x80, 12)]));
        Assert.Equal(Http3ErrorCode.QpackDecoderStreamError, e.ErrorCode);
    }

    [Fact]
    public void EncoderRejectsNonLatin1AndDoubleSettings()
    {
        var enc = new QPackEncoder();
        Assert.Throws<ArgumentException>(() => enc.EncodeFieldSection(0, [new HeaderField("x", "\u20ac")]));
        enc.ApplyPeerSettings(0, 0);
        Assert.Throws<InvalidOperationException>(() => enc.ApplyPeerSettings(100, 0));
        Assert.False(enc.HasEncoderStreamBytes); // capacity 0: no encoder instructions at all (§3.2.3)
        Assert.False(enc.TryInsert(new HeaderField("a", "b")));
    }
}
