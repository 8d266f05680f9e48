using ActorQuic.Http3.QPack;

namespace ActorQuic.Http3.Tests.QPack;

/// <summary>RFC 9204 Appendix B, byte for byte, through both the encoder and the decoder.</summary>
public class AppendixBTests
{
    private const string B1Section = "0000 510b 2f69 6e64 6578 2e68 746d 6c";
    private const string B2EncoderStream = "3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468";
    private const string B2Section = "0381 10 11";
    private const string B3EncoderStream = "4a63 7573 746f 6d2d 6b65 790c 6375 7374 6f6d 2d76 616c 7565";
    private const string B4EncoderStream = "02";
    private const string B4Section = "0500 80 c1 81";
    private const string B5EncoderStream = "810d 6375 7374 6f6d 2d76 616c 7565 32";

    private static QPackEncoder NewEncoder(int drainingReservePercent = 25) => new(new QPackEncoderOptions
    {
        Huffman = HuffmanMode.Never,
        DrainingReservePercent = drainingReservePercent,
    });

    private static QPackDecoder NewDecoder() => new(new QPackDecoderOptions { MaxTableCapacity = 220, MaxBlockedStreams = 10 });

    [Fact]
    public void DecoderFollowsTheWholeExchange()
    {
        QPackDecoder d = NewDecoder();

        // B.1
        Assert.True(d.TryDecodeFieldSection(0, Hex.Parse(B1Section), out var fields));
        Assert.Equal([new HeaderField(":path", "/index.html")], fields);
        Assert.False(d.HasDecoderStreamBytes);

        // B.2
        d.ReceiveEncoderStream(Hex.Parse(B2EncoderStream));
        Assert.Equal(220, d.Table.Capacity);
        Assert.Equal(106, d.Table.Size);
        Assert.True(d.TryDecodeFieldSection(4, Hex.Parse(B2Section), out fields));
        Assert.Equal([new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/sample/path")], fields);
        Assert.Equal("84", Hex.Of(d.TakeDecoderStreamBytes()));

        // B.3
        d.ReceiveEncoderStream(Hex.Parse(B3EncoderStream));
        Assert.Equal(160, d.Table.Size);
        Assert.Equal("01", Hex.Of(d.TakeDecoderStreamBytes()));

        // B.4: the encoder-stream packet is delayed, so stream 8 blocks and is then cancelled.
        Assert.False(d.TryDecodeFieldSection(8, Hex.Parse(B4Section), out _));
        Assert.Equal(1, d.BlockedStreamCount);
        d.CancelStream(8);
        Assert.Equal(0, d.BlockedStreamCount);
        Assert.Equal("48", Hex.Of(d.TakeDecoderStreamBytes()));
        d.ReceiveEncoderStream(Hex.Parse(B4EncoderStream));
        Assert.False(d.TryTakeUnblocked(out _));
        Assert.Equal(217, d.Table.Size);

        // B.5
        d.ReceiveEncoderStream(Hex.Parse(B5EncoderStream));
        Assert.Equal(215, d.Table.Size);
        Assert.Equal(1, d.Table.DroppedCount);
        Assert.Equal(new HeaderField("custom-key", "custom-value2"), d.Table.Get(4));
        Assert.Equal(new HeaderField(":authority", "www.example.com"), d.Table.Get(3));
    }

    [Fact]
    public void B4SectionDecodesOnceTheDuplicateArrives()
    {
        QPackDecoder d = NewDecoder();
        d.ReceiveEncoderStream(Hex.Parse(B2EncoderStream));
        d.ReceiveEncoderStream(Hex.Parse(B3EncoderStream));
        Assert.False(d.TryDecodeFieldSection(8, Hex.Parse(B4Section), out _));
        d.ReceiveEncoderStream(Hex.Parse(B4EncoderStream));
        Assert.True(d.TryTakeUnblocked(out DecodedFieldSection section));
        Assert.Equal(8, section.StreamId);
        Assert.Null(section.Error);
        Assert.Equal(
            [new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/"), new HeaderField("custom-key", "custom-value")],
            section.Fields);
        Assert.Equal(0, d.BlockedStreamCount);
        // Section Acknowledgment for 8; the ack raised the Known Received Count to 4, so no increment.
        Assert.Equal("88", Hex.Of(d.TakeDecoderStreamBytes()));
    }

    [Fact]
    public void B2SectionBeforeItsInsertsIsBlockedThenUnblocked()
    {
        QPackDecoder d = NewDecoder();
        Assert.False(d.TryDecodeFieldSection(4, Hex.Parse(B2Section), out _));
        Assert.False(d.HasDecoderStreamBytes);
        byte[] enc = Hex.Parse(B2EncoderStream);
        // Delivered in two pieces cut inside the first insert.
        d.ReceiveEncoderStream(enc.AsSpan(0, 7));
        Assert.False(d.TryTakeUnblocked(out _));
        d.ReceiveEncoderStream(enc.AsSpan(7));
        Assert.True(d.TryTakeUnblocked(out DecodedFieldSection section));
        Assert.Equal(4, section.StreamId);
        Assert.Equal(2, section.Fields.Count);
        Assert.Equal("84", Hex.Of(d.TakeDecoderStreamBytes()));
    }

    [Fact]
    public void EncoderProducesTheSameBytes()
    {
        QPackEncoder e = NewEncoder();

        // B.1: before SETTINGS only the static table is used.
        Assert.Equal(B1Section.Replace(" ", ""), Hex.Of(e.EncodeFieldSection(0, [new HeaderField(":path", "/index.html")])));
        Assert.False(e.HasEncoderStreamBytes);

        // B.2
        e.ApplyPeerSettings(maxTableCapacity: 220, maxBlockedStreams: 10);
        byte[] section = e.EncodeFieldSection(4, [new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/sample/path")]);
        Assert.Equal(B2EncoderStream.Replace(" ", ""), Hex.Of(e.TakeEncoderStreamBytes()));
        Assert.Equal(B2Section.Replace(" ", ""), Hex.Of(section));
        Assert.Equal(1, e.GetReferenceCount(0));
        Assert.Equal(1, e.GetReferenceCount(1));
        Assert.Equal(1, e.BlockingStreamCount);
        e.ReceiveDecoderStream(Hex.Parse("84"));
        Assert.Equal(2, e.KnownReceivedCount);
        Assert.Equal(0, e.GetReferenceCount(0));
        Assert.Equal(0, e.BlockingStreamCount);

        // B.3: a speculative insert, acknowledged by an Insert Count Increment.
        Assert.True(e.TryInsert(new HeaderField("custom-key", "custom-value")));
        Assert.Equal(B3EncoderStream.Replace(" ", ""), Hex.Of(e.TakeEncoderStreamBytes()));
        e.ReceiveDecoderStream(Hex.Parse("01"));
        Assert.Equal(3, e.KnownReceivedCount);

        // B.4 with a 30% draining reserve: abs 0 is draining, so the encoder duplicates it. The
        // RFC's encoder set Base after the duplicate; ours is single-pass (Appendix C) and refers
        // to the duplicate post-Base: same fields, same encoder stream, a different section.
        QPackEncoder e30 = Replay(drainingReservePercent: 30);
        section = e30.EncodeFieldSection(8, [new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/"), new HeaderField("custom-key", "custom-value")]);
        Assert.Equal(B4EncoderStream, Hex.Of(e30.TakeEncoderStreamBytes()));
        Assert.Equal("058010c180", Hex.Of(section));
        Assert.Equal(1, e30.GetReferenceCount(2));
        Assert.Equal(1, e30.GetReferenceCount(3));
        e30.ReceiveDecoderStream(Hex.Parse("48"));
        Assert.Equal(0, e30.GetReferenceCount(2));
        Assert.Equal(0, e30.GetReferenceCount(3));
        Assert.Equal(3, e30.KnownReceivedCount); // cancellation says nothing about inserts

        // B.5: insert with a dynamic name reference, evicting abs 0.
        Assert.True(e30.TryInsert(new HeaderField("custom-key", "custom-value2")));
        Assert.Equal(B5EncoderStream.Replace(" ", ""), Hex.Of(e30.TakeEncoderStreamBytes()));
        Assert.Equal(215, e30.Table.Size);
        Assert.Equal(1, e30.Table.DroppedCount);

        // And the RFC decoder accepts what our encoder sent for B.4.
        QPackDecoder d = NewDecoder();
        d.ReceiveEncoderStream(Hex.Parse(B2EncoderStream + B3EncoderStream + B4EncoderStream));
        Assert.True(d.TryDecodeFieldSection(8, Hex.Parse("058010c180"), out var fields));
        Assert.Equal(3, fields.Count);
        Assert.Equal(new HeaderField(":authority", "www.example.com"), fields[0]);
    }

    private static QPackEncoder Replay(int drainingReservePercent)
    {
        QPackEncoder e = NewEncoder(drainingReservePercent);
        e.ApplyPeerSettings(220, 10);
        e.EncodeFieldSection(4, [new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/sample/path")]);
        e.ReceiveDecoderStream(Hex.Parse("84"));
        e.TryInsert(new HeaderField("custom-key", "custom-value"));
        e.ReceiveDecoderStream(Hex.Parse("01"));
        e.TakeEncoderStreamBytes();
        return e;
    }
}
