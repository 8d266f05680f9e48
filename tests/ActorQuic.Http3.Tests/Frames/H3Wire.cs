using ActorQuic.Http3.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Tests.Frames;

/// <summary>Byte builders and reader drivers shared by the HTTP/3 tests.</summary>
internal static class H3Wire
{
    public const string Seed = "0N0XIzNsQ0O2";

    public delegate void Encoder(ref QuicWriter w);

    public static byte[] Encode(int length, Encoder encode)
    {
        var buffer = new byte[length];
        var w = new QuicWriter(buffer);
        encode(ref w);
        Assert.Equal(length, w.Position);
        return buffer;
    }

    public static byte[] Varint(ulong value)
    {
        var buffer = new byte[QuicVarint.GetLength(value)];
        QuicVarint.Write(buffer, value);
        return buffer;
    }

    /// <summary>A raw frame: type, length, payload, with no validation (for building bad input too).</summary>
    public static byte[] Frame(ulong type, params byte[] payload) =>
        Concat(Varint(type), Varint((ulong)payload.Length), payload);

    public static byte[] Concat(params byte[][] parts)
    {
        var result = new List<byte>();
        foreach (var p in parts) result.AddRange(p);
        return result.ToArray();
    }

    /// <summary>
    /// Feeds <paramref name="bytes"/> to <paramref name="reader"/> in the given chunk boundaries and
    /// returns one line per frame: type, length, whole payload (DATA chunks joined) and how the
    /// payload arrived. Chunking must never change this.
    /// </summary>
    public static List<string> ReadFrames(Http3FrameReader reader, byte[] bytes, IEnumerable<int> cuts)
    {
        var frames = new List<(ulong Type, ulong Length, List<byte> Payload, string How)>();
        int start = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(start, cut - start);
            start = cut;
            while (reader.TryRead(ref chunk, out var ev))
            {
                switch (ev.Kind)
                {
                    case Http3FrameEventKind.FrameHeader:
                        Assert.True(ev.Payload.IsEmpty);
                        frames.Add((ev.FrameType, ev.FrameLength, new List<byte>(), "skipped"));
                        break;
                    case Http3FrameEventKind.DataChunk:
                        Assert.False(ev.Payload.IsEmpty);
                        frames[^1].Payload.AddRange(ev.Payload.ToArray());
                        frames[^1] = frames[^1] with { How = "streamed" };
                        break;
                    case Http3FrameEventKind.FramePayload:
                        Assert.Equal("skipped", frames[^1].How);
                        frames[^1].Payload.AddRange(ev.Payload.ToArray());
                        frames[^1] = frames[^1] with { How = "buffered" };
                        break;
                }
                Assert.Equal(frames[^1].Type, ev.FrameType);
            }
            Assert.True(chunk.IsEmpty, "TryRead returned false with input left");
        }
        var lines = new List<string>();
        foreach (var f in frames)
        {
            // A zero-length DATA frame streams nothing; call it streamed all the same.
            string how = f.Type == 0 ? "streamed" : f.How;
            lines.Add($"type=0x{f.Type:x} len={f.Length} {how} {Convert.ToHexString(f.Payload.ToArray())}");
        }
        return lines;
    }

    public static List<string> ReadFrames(byte[] bytes, IEnumerable<int> cuts)
    {
        using var reader = new Http3FrameReader();
        var lines = ReadFrames(reader, bytes, cuts);
        reader.CompleteStream();
        return lines;
    }

    public static IEnumerable<int> ByteAtATime(int length) => Enumerable.Range(1, Math.Max(0, length - 1));

    public static Http3ProtocolException AssertH3Error(Http3ErrorCode code, Action action)
    {
        var ex = Assert.Throws<Http3ProtocolException>(action);
        Assert.Equal(code, ex.ErrorCode);
        return ex;
    }
}
