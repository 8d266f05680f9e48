using ActorQuic.Http3.Connection;
using ActorQuic.Http3.Messages;
using ActorQuic.Http3.Tests.Frames;
using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Tests.Connection;

/// <summary>
/// Seeded random and mutated input on random streams: the connection never throws, and every
/// failure surfaces as an abort or a single close with a defined HTTP/3 or QPACK code.
/// </summary>
public sealed class Http3ConnectionHostileTests
{
    private static readonly long[] StreamPool = [0, 4, 8, 12, 1, 5, 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 1L << 40, (1L << 62) - 4];

    /// <summary>A real exchange (dynamic-table QPACK, body, trailers) as delivered to each side.</summary>
    private static List<(bool ToServer, long StreamId, byte[] Data, bool Fin)> Transcript()
    {
        var link = new FakeQuicLink(77, maxChunk: 13, reorder: true);
        link.Pump();
        for (long id = 0; id < 12; id += 4)
        {
            var post = new Http3Request("POST", "https", "h.example", $"/p{id}", [new Http3Field("x-token", "abcdefghij"), new Http3Field("content-length", "3")], 3);
            link.Client.SendRequest(id, post, endStream: false);
            link.Client.SendData(id, "abc"u8, endStream: false);
            link.Client.SendTrailers(id, [new Http3Field("x-sum", "1")]);
        }
        link.Pump();
        for (long id = 0; id < 12; id += 4)
        {
            link.Server.SendResponse(id, new Http3Response(103, [new Http3Field("link", "</s.css>")], null), endStream: false);
            link.Server.SendResponse(id, new Http3Response(200, [new Http3Field("x-token", "abcdefghij")], null), endStream: false);
            link.Server.SendData(id, "reply"u8, endStream: true);
        }
        link.Server.Shutdown();
        link.Pump();
        Assert.Equal(3, Http3ConnectionFlowTests.Of<Http3ResponseReceived>(link.ClientEvents).Length);
        return link.Deliveries;
    }

    [Fact]
    public void Ten_thousand_hostile_inputs_never_throw_out_of_the_connection()
    {
        var transcript = Transcript();
        var random = new Random(20261123);
        var hostile = new HostileStreams(4242);
        int closes = 0, aborts = 0, requests = 0;
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            bool server = random.Next(2) == 0;
            var role = server ? StreamInitiator.Server : StreamInitiator.Client;
            var c = new Http3Connection(FakeQuicLink.Options(role));
            if (role == StreamInitiator.Client)
                c.SendRequest(0, Http3ConnectionFlowTests.Get("/"), endStream: false);
            var outputs = new List<Http3Output>();

            // Replay a prefix of the real transcript for this role (deep states), mutating some chunks.
            int steps = random.Next(0, 40);
            foreach (var d in transcript)
            {
                if (d.ToServer != server) continue;
                if (steps-- == 0) break;
                byte[] data = random.Next(8) == 0 ? Mutate(random, d.Data) : d.Data;
                c.OnStreamData(d.StreamId, data, d.Fin && random.Next(2) == 0);
            }
            // Then hostile byte streams on random streams, in random chunks, with random resets.
            int extra = random.Next(1, 5);
            for (int k = 0; k < extra; k++)
            {
                long id = StreamPool[random.Next(StreamPool.Length)];
                byte[] bytes = random.Next(3) switch
                {
                    0 => H3Wire.Concat([(byte)random.Next(0, 4)], hostile.Next()), // a unidirectional type then frames
                    _ => hostile.Next(),
                };
                int start = 0;
                foreach (int cut in hostile.Cuts(bytes.Length))
                {
                    c.OnStreamData(id, bytes.AsSpan(start, cut - start), fin: false);
                    start = cut;
                }
                c.OnStreamData(id, bytes.AsSpan(start), fin: random.Next(3) == 0);
                if (random.Next(10) == 0) c.OnStreamReset(StreamPool[random.Next(StreamPool.Length)], (ulong)random.Next(0x100, 0x120));
            }

            Http3ConnectionErrorTests.Drain(c, outputs);
            var close = outputs.OfType<Http3CloseConnection>().ToArray();
            Assert.True(close.Length <= 1);
            Assert.Equal(close.Length == 1, c.IsClosed);
            foreach (var o in outputs)
            {
                if (o is Http3CloseConnection cc) Assert.True(Enum.IsDefined(cc.ErrorCode), $"close code {cc.ErrorCode}");
                if (o is Http3AbortStream a) Assert.True(Enum.IsDefined(a.ErrorCode), $"abort code {a.ErrorCode}");
            }
            // After a close nothing more comes out, whatever arrives.
            if (c.IsClosed)
            {
                c.OnStreamData(0, [0x01, 0x00], fin: true);
                Assert.False(c.TryTakeOutput(out _));
            }
            closes += close.Length;
            aborts += outputs.OfType<Http3AbortStream>().Count();
            requests += outputs.Count(o => o is Http3RequestReceived or Http3ResponseReceived);
        }
        // The mix exercises all three outcomes.
        Assert.True(closes > 1000, $"closes {closes}");
        Assert.True(aborts > 50, $"aborts {aborts}");
        Assert.True(requests > 500, $"messages {requests}");
    }

    private static byte[] Mutate(Random random, byte[] data)
    {
        var copy = data.ToArray();
        switch (random.Next(3))
        {
            case 0 when copy.Length > 0:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 1 when copy.Length > 0:
                return copy[..random.Next(copy.Length)];
            default:
                var inserted = new byte[random.Next(1, 6)];
                random.NextBytes(inserted);
                int at = random.Next(copy.Length + 1);
                return [.. copy[..at], .. inserted, .. copy[at..]];
        }
    }
}
