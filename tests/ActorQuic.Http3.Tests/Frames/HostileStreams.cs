using ActorQuic.Http3.Frames;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Frames;

/// <summary>
/// Seeded generator of hostile HTTP/3 frame streams: plausible frame sequences (valid and
/// invalid payloads, lying lengths, grease, HTTP/2 types), then mutated (bit flips, cuts,
/// insertions, splices), or plain random bytes. Also random chunk boundaries.
/// </summary>
internal sealed class HostileStreams(int seed)
{
    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        byte[] bytes = _random.Next(10) switch
        {
            0 => RandomBytes(_random.Next(0, 64)),
            1 or 2 or 3 => Mutate(MessageShaped()),
            _ => Mutate(Plausible()),
        };
        return bytes;
    }

    /// <summary>Chunk boundaries for feeding <paramref name="length"/> bytes.</summary>
    public int[] Cuts(int length)
    {
        if (length == 0) return [];
        return _random.Next(4) switch
        {
            0 => [],
            1 when length <= 512 => Enumerable.Range(1, length - 1).ToArray(), // byte at a time
            _ => Enumerable.Range(0, _random.Next(1, 6)).Select(_ => _random.Next(0, length + 1)).Order().ToArray(),
        };
    }

    private byte[] Plausible()
    {
        var parts = new List<byte[]>();
        // Half the streams start like a control stream should.
        if (_random.Next(2) == 0) parts.Add(Frame(0x04, SettingsPayload()));
        int count = _random.Next(0, 8);
        for (int i = 0; i < count; i++) parts.Add(OneFrame());
        return Concat(parts.ToArray());
    }

    /// <summary>HEADERS, DATA*, optional trailers, with grease sprinkled in: what a request stream carries.</summary>
    private byte[] MessageShaped()
    {
        var parts = new List<byte[]> { Frame(0x01, RandomBytes(_random.Next(1, 30))) };
        int data = _random.Next(0, 5);
        for (int i = 0; i < data; i++)
        {
            parts.Add(Frame(0x00, RandomBytes(_random.Next(0, 30))));
            if (_random.Next(4) == 0) parts.Add(Frame(Http3Grease.GetReserved((ulong)_random.Next(0, 5000)), RandomBytes(_random.Next(0, 5))));
        }
        if (_random.Next(3) == 0) parts.Add(Frame(0x01, RandomBytes(_random.Next(1, 10))));
        if (_random.Next(4) == 0) parts.Add(OneFrame());
        return Concat(parts.ToArray());
    }

    private byte[] OneFrame() => _random.Next(14) switch
    {
        0 => Frame(0x00, RandomBytes(_random.Next(0, 40))),
        1 => Frame(0x01, RandomBytes(_random.Next(0, 40))),
        2 => Frame(0x04, SettingsPayload()),
        3 => Frame(0x07, Varint(AnyVarint())),
        4 => Frame(0x0d, Varint(AnyVarint())),
        5 => Frame(0x03, Varint(AnyVarint())),
        6 => Frame(0x05, Concat(Varint(AnyVarint()), RandomBytes(_random.Next(0, 10)))),
        7 => Frame(Http3Grease.GetReserved((ulong)_random.NextInt64(0, (long)Http3Grease.MaxIndex)), RandomBytes(_random.Next(0, 20))),
        8 => Frame((ulong)_random.Next(0, 0x40), RandomBytes(_random.Next(0, 20))),
        9 => Frame((ulong)_random.Next(0x02, 0x0a), RandomBytes(_random.Next(0, 4))),
        // A frame whose length claims far more than follows (a truncated or giant frame).
        10 => Concat(Varint((ulong)_random.Next(0, 0x0e)), Varint(AnyVarint()), RandomBytes(_random.Next(0, 8))),
        11 => Frame(0x07, Concat(Varint(AnyVarint()), RandomBytes(_random.Next(1, 3)))),
        12 => Frame(0x00),
        _ => Frame(0x01, new byte[_random.Next(0, 3) == 0 ? 70_000 : 300]),
    };

    private byte[] SettingsPayload()
    {
        var parts = new List<byte[]>();
        int count = _random.Next(0, 6);
        for (int i = 0; i < count; i++)
        {
            ulong id = _random.Next(4) switch
            {
                0 => (ulong)_random.Next(0, 9),
                1 => Http3Grease.GetReserved((ulong)_random.Next(0, 1000)),
                _ => (ulong)_random.Next(0, 3) switch { 0 => 0x01, 1 => 0x06, _ => 0x07 },
            };
            parts.Add(Varint(id));
            parts.Add(Varint(AnyVarint()));
        }
        if (_random.Next(8) == 0) parts.Add(Varint(0x06)); // truncated parameter
        return Concat(parts.ToArray());
    }

    private byte[] Mutate(byte[] bytes)
    {
        var list = bytes.ToList();
        int mutations = _random.Next(0, 4);
        for (int m = 0; m < mutations; m++)
        {
            switch (_random.Next(5))
            {
                case 0 when list.Count > 0:
                    list[_random.Next(list.Count)] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when list.Count > 0:
                    list.RemoveRange(0, Math.Min(list.Count, _random.Next(1, 3))); // lose the start
                    break;
                case 2:
                    list.InsertRange(_random.Next(list.Count + 1), RandomBytes(_random.Next(1, 5)));
                    break;
                case 3 when list.Count > 0:
                    list.RemoveRange(_random.Next(list.Count), 1);
                    break;
                case 4 when list.Count > 2:
                    int at = _random.Next(list.Count - 1);
                    list.InsertRange(_random.Next(list.Count + 1), list.GetRange(at, Math.Min(list.Count - at, _random.Next(1, 10))));
                    break;
            }
        }
        if (list.Count > 0 && _random.Next(6) == 0)
        {
            int keep = _random.Next(list.Count); // the stream ends early
            list.RemoveRange(keep, list.Count - keep);
        }
        return list.ToArray();
    }

    private ulong AnyVarint() => _random.Next(4) switch
    {
        0 => (ulong)_random.Next(0, 64),
        1 => (ulong)_random.Next(0, 16384),
        2 => (ulong)_random.NextInt64(0, 1L << 30),
        _ => (ulong)_random.NextInt64(0, (long)QuicVarint.MaxValue),
    };

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
