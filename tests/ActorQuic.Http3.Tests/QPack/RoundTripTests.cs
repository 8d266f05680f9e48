using ActorQuic.Http3.QPack;
using CsCheck;

namespace ActorQuic.Http3.Tests.QPack;

/// <summary>Encoder → decoder round trips over random header lists and random delivery orders.</summary>
public class RoundTripTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly string[] Names =
    [
        ":authority", ":path", ":method", ":scheme", ":status", "user-agent", "accept", "accept-encoding",
        "cookie", "authorization", "content-type", "x-request-id", "x-trace", "x-custom-a", "",
    ];

    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Gen.OneOf("", "GET", "https", "/", "/index.html", "www.example.com", "example.org", "ActorQuic/1.0",
            "*/*", "gzip, deflate, br", "text/html; charset=utf-8", "200", "abc=1")),
        (3, Gen.Char['a', 'z'].Array[1, 12].Select(a => new string(a))),
        (2, Gen.Char['\0', '\u00ff'].Array[0, 30].Select(a => new string(a))),
        (1, Gen.Char[' ', '~'].Array[100, 400].Select(a => new string(a))));

    private static readonly Gen<HeaderField> Field =
        Gen.Select(Gen.Int[0, Names.Length - 1], Value, Gen.Int[0, 19])
            .Select((n, v, never) => new HeaderField(Names[n], v, never == 0));

    private static readonly Gen<HeaderField[][]> Requests = Field.Array[0, 10].Array[1, 40];

    private static readonly Gen<(long Capacity, int Blocked, HuffmanMode Huffman, int Draining, bool AllowBlocking, int DeliverySeed)> Config =
        Gen.Select(Gen.OneOf(0L, 64L, 220L, 400L, 4096L), Gen.OneOf(0, 1, 3, 100), Gen.Int[0, 2], Gen.OneOf(0, 25, 60), Gen.Bool, Gen.Int)
            .Select((c, b, h, d, a, s) => (c, b, (HuffmanMode)h, d, a, s));

    private static QPackPair NewPair((long Capacity, int Blocked, HuffmanMode Huffman, int Draining, bool AllowBlocking, int DeliverySeed) c) =>
        new(c.DeliverySeed,
            new QPackEncoderOptions { Huffman = c.Huffman, DrainingReservePercent = c.Draining, AllowBlockingReferences = c.AllowBlocking },
            new QPackDecoderOptions { MaxTableCapacity = c.Capacity, MaxBlockedStreams = c.Blocked, MaxFieldSectionSize = 1 << 20 });

    [Fact]
    public void RandomHeaderListsSurviveRandomDelivery()
    {
        long blocked = 0, decoded = 0, inserts = 0, evicted = 0;
        Gen.Select(Config, Requests).Sample((config, requests) =>
        {
            QPackPair pair = NewPair(config);
            pair.Encoder.ApplyPeerSettings(config.Capacity, config.Blocked);
            var rng = new Random(config.DeliverySeed);
            for (int i = 0; i < requests.Length; i++)
            {
                long streamId = 4L * i;
                pair.Encode(streamId, requests[i]);
                // Some requests carry trailers: a second section on the same stream.
                if (i % 5 == 4) pair.Encode(streamId, requests[i - 1]);
                for (int s = rng.Next(4); s > 0; s--) pair.Step(allowCancel: true);
            }
            pair.Settle();
            Interlocked.Add(ref blocked, pair.Blocked);
            Interlocked.Add(ref decoded, pair.Decoded);
            Interlocked.Add(ref inserts, pair.Encoder.Table.InsertCount);
            Interlocked.Add(ref evicted, pair.Encoder.Table.DroppedCount);
        }, seed: Seed, iter: 300);
        // The scenarios really exercised blocking, the dynamic table and eviction.
        Assert.True(blocked > 50, $"blocked {blocked}");
        Assert.True(decoded > 1000, $"decoded {decoded}");
        Assert.True(inserts > 500, $"inserts {inserts}");
        Assert.True(evicted > 100, $"evicted {evicted}");
    }

    [Fact]
    public void StaticOnlyBeforeSettingsAndWithoutADynamicTable()
    {
        Requests.Sample(requests =>
        {
            var pair = new QPackPair(7, new QPackEncoderOptions(), new QPackDecoderOptions { MaxTableCapacity = 0, MaxBlockedStreams = 0 });
            for (int i = 0; i < requests.Length; i++) pair.Encode(4L * i, requests[i]);
            Assert.False(pair.Encoder.HasEncoderStreamBytes);
            pair.Settle();
            Assert.Equal(0, pair.Blocked);
            Assert.Equal(0, pair.Encoder.Table.InsertCount);
        }, seed: Seed, iter: 100);
    }

    [Fact]
    public void RepeatedFieldsAreCompressedThroughTheDynamicTable()
    {
        HeaderField[] request =
        [
            new(":method", "GET"), new(":scheme", "https"), new(":authority", "www.example.com"),
            new(":path", "/assets/app.js"), new("user-agent", "ActorQuic/1.0 (test)"), new("x-request-id", "r1"),
        ];
        var pair = new QPackPair(1, new QPackEncoderOptions(), new QPackDecoderOptions());
        pair.Encoder.ApplyPeerSettings(4096, 0); // no blocking: only acknowledged entries are referenced
        byte[] first = pair.Encoder.EncodeFieldSection(0, request);
        Assert.True(pair.Encoder.Table.InsertCount > 0);
        pair.Decoder.ReceiveEncoderStream(pair.Encoder.TakeEncoderStreamBytes());
        Assert.True(pair.Decoder.TryDecodeFieldSection(0, first, out var fields));
        Assert.Equal(request, fields);
        // Blocking not allowed: the first section could not reference its own inserts.
        Assert.Equal(0, first[0]);
        pair.Encoder.ReceiveDecoderStream(pair.Decoder.TakeDecoderStreamBytes());
        Assert.Equal(pair.Encoder.Table.InsertCount, pair.Encoder.KnownReceivedCount);

        byte[] second = pair.Encoder.EncodeFieldSection(4, request);
        Assert.True(second.Length < first.Length / 2, $"{second.Length} vs {first.Length}");
        Assert.True(pair.Decoder.TryDecodeFieldSection(4, second, out fields));
        Assert.Equal(request, fields);
    }

    [Fact]
    public void SensitiveFieldsAreNeverIndexedAndKeepTheNBit()
    {
        var pair = new QPackPair(1, new QPackEncoderOptions(), new QPackDecoderOptions());
        pair.Encoder.ApplyPeerSettings(4096, 100);
        HeaderField[] request = [new("authorization", "Bearer secret"), new("x-token", "t", NeverIndex: true), new("cookie", "a=b")];
        for (int i = 0; i < 3; i++) pair.Encode(4L * i, request);
        Assert.Equal(0, pair.Encoder.Table.InsertCount);
        pair.Settle();
        Assert.Equal(3, pair.Decoded);
    }

    [Fact]
    public void BlockedStreamsNeverExceedThePeerLimit()
    {
        // Each request carries a new value, so each section wants an insert it must reference
        // post-Base; with no acknowledgments delivered, only one stream may risk blocking.
        var pair = new QPackPair(1, new QPackEncoderOptions(), new QPackDecoderOptions { MaxBlockedStreams = 1 });
        pair.Encoder.ApplyPeerSettings(4096, 1);
        var sections = new List<byte[]>();
        for (int i = 0; i < 5; i++)
        {
            sections.Add(pair.Encoder.EncodeFieldSection(4L * i, [new HeaderField("x-custom", "value-" + i)]));
            Assert.True(pair.Encoder.BlockingStreamCount <= 1);
        }
        Assert.Equal(5, pair.Encoder.Table.InsertCount);
        // Every section reaches the decoder before any insert: exactly one blocks, none fail.
        int blocked = 0;
        for (int i = 0; i < 5; i++)
        {
            if (!pair.Decoder.TryDecodeFieldSection(4L * i, sections[i], out var fields)) blocked++;
            else Assert.Equal("value-" + i, fields[0].Value);
        }
        Assert.Equal(1, blocked);
        pair.Decoder.ReceiveEncoderStream(pair.Encoder.TakeEncoderStreamBytes());
        Assert.True(pair.Decoder.TryTakeUnblocked(out DecodedFieldSection s));
        Assert.Equal(0, s.StreamId);
        Assert.Equal("value-0", s.Fields[0].Value);
    }

    [Fact]
    public void EvictionNeverDropsEntriesThatUnacknowledgedSectionsUse()
    {
        // A small table and many distinct values force constant eviction; acknowledgments lag.
        var pair = new QPackPair(42, new QPackEncoderOptions { DrainingReservePercent = 0 }, new QPackDecoderOptions { MaxTableCapacity = 150, MaxBlockedStreams = 100 });
        pair.Encoder.ApplyPeerSettings(150, 100);
        var rng = new Random(42);
        for (int i = 0; i < 400; i++)
        {
            pair.Encode(4L * i, [new HeaderField("x-k", "v" + rng.Next(12)), new HeaderField(":authority", "h" + rng.Next(3))]);
            Assert.True(pair.Encoder.Table.Size <= 150);
            for (int s = rng.Next(6); s > 0; s--) pair.Step(allowCancel: true);
        }
        pair.Settle();
        Assert.True(pair.Encoder.Table.DroppedCount > 10, "the scenario should have evicted entries");
    }
}
