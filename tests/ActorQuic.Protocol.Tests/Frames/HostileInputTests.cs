using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>
/// Feeds the parser a large seeded corpus of random and mutated payloads in every packet
/// type. Each parse must succeed or throw <see cref="QuicProtocolException"/>: any other
/// exception, or a hang, is a bug.
/// </summary>
public class HostileInputTests
{
    private const int Payloads = 120_000;

    private static readonly PacketType[] PacketTypes = Enum.GetValues<PacketType>();

    [Fact]
    public async Task Random_and_mutated_payloads_only_ever_raise_QuicProtocolException()
    {
        // Run on a worker with a deadline so a hang fails the test (TimeoutException) instead of stalling the run.
        var (accepted, rejected) = await Task.Run(Fuzz).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(Payloads * PacketTypes.Length, accepted + rejected);
        // Both outcomes must be common, or the corpus is not exercising the parser.
        Assert.True(accepted > Payloads / 10, $"only {accepted} accepted");
        Assert.True(rejected > Payloads / 10, $"only {rejected} rejected");
    }

    private static (int Accepted, int Rejected) Fuzz()
    {
        var rng = new Random(1234);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < Payloads; i++)
        {
            byte[] payload = MakePayload(rng);
            foreach (var packetType in PacketTypes)
            {
                var handler = new CountingHandler();
                try
                {
                    FrameParser.Parse(payload, packetType, ref handler, out _);
                    accepted++;
                }
                catch (QuicProtocolException ex)
                {
                    Assert.True(ex.ErrorCode is TransportErrorCode.FrameEncodingError or TransportErrorCode.ProtocolViolation);
                    rejected++;
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{ex.GetType().Name} for {packetType} payload {Convert.ToHexString(payload)}: {ex}");
                }
            }
            if (i % 8 == 0) CheckReencoding(payload);
        }
        return (accepted, rejected);
    }

    /// <summary>Whatever parses must re-encode, and the re-encoding must parse to the same frames.</summary>
    private static void CheckReencoding(byte[] payload)
    {
        List<object> frames;
        try
        {
            frames = FrameCodec.ParseAll(payload);
        }
        catch (QuicProtocolException)
        {
            return;
        }
        var again = FrameCodec.ParseAll(frames.SelectMany(FrameCodec.Encode).ToArray());
        Assert.Equal(frames.Select(FrameCodec.TypeOf), again.Select(FrameCodec.TypeOf));
        Assert.Equal(frames.Select(FrameCodec.Encode), again.Select(FrameCodec.Encode));
    }

    private static byte[] MakePayload(Random rng)
    {
        switch (rng.Next(10))
        {
            case 0: // pure noise
                return SampleFrames.Bytes(rng, 0, 64);
            case 1: // noise that starts with a plausible frame type
            {
                var bytes = SampleFrames.Bytes(rng, 1, 48);
                bytes[0] = (byte)rng.Next(0x40);
                return bytes;
            }
            case 2 or 3: // valid payloads, half of them in the wrong packet type
                return ValidPayload(rng);
            default:
                return Mutate(ValidPayload(rng), rng);
        }
    }

    private static byte[] ValidPayload(Random rng)
    {
        var payload = new List<byte>();
        int count = rng.Next(1, 6);
        for (int j = 0; j < count; j++)
        {
            var type = SampleFrames.AllTypes[rng.Next(SampleFrames.AllTypes.Length)];
            if (SampleFrames.MustBeLast(type) && j != count - 1) type = FrameType.Ping;
            payload.AddRange(SampleFrames.Encode(type, rng));
        }
        return payload.ToArray();
    }

    private static byte[] Mutate(byte[] bytes, Random rng)
    {
        var list = new List<byte>(bytes);
        int mutations = rng.Next(1, 4);
        for (int m = 0; m < mutations && list.Count > 0; m++)
        {
            int at = rng.Next(list.Count);
            switch (rng.Next(7))
            {
                case 0: // flip a bit
                    list[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1: // truncate
                    list.RemoveRange(at, list.Count - at);
                    break;
                case 2: // change a varint's width prefix: shifts every field after it
                    list[at] = (byte)(list[at] & 0x3f | rng.Next(4) << 6);
                    break;
                case 3: // largest varint values where lengths and counts live
                    list.InsertRange(at, rng.Next(2) == 0 ? [0xbf, 0xff, 0xff, 0xff] : [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
                    break;
                case 4: // insert random bytes
                    list.InsertRange(at, SampleFrames.Bytes(rng, 1, 8));
                    break;
                case 5: // delete a byte
                    list.RemoveAt(at);
                    break;
                default: // overwrite with a random byte
                    list[at] = (byte)rng.Next(256);
                    break;
            }
        }
        return list.ToArray();
    }
}
