using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using CsCheck;
using Xunit.Abstractions;

namespace ActorQuic.Protocol.Tests.Transport;

/// <summary>
/// Decoding attacker-controlled bytes: every blob either decodes to parameters that re-encode to
/// themselves, or fails with TRANSPORT_PARAMETER_ERROR. Any other exception fails the test. The
/// decoder consumes at least two bytes per loop, so it cannot spin; the run's length is bounded.
/// </summary>
public class TransportParametersHostileInputTests(ITestOutputHelper output)
{
    private const int Blobs = 120_000;

    private static readonly ulong[] InterestingIds =
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x20, 0x2ab2, 27, 58, 0x12];

    [Fact]
    public void Random_and_mutated_blobs_decode_or_fail_with_transport_parameter_error()
    {
        var pool = ValidEncodings();
        var random = new Random(1234);
        int accepted = 0, rejected = 0;

        for (int i = 0; i < Blobs; i++)
        {
            byte[] blob = (i % 8) switch
            {
                0 => RandomBytes(random, random.Next(0, 80)),
                1 => RandomTuples(random),
                _ => Mutate(random, pool[random.Next(pool.Count)], pool),
            };
            var sender = random.Next(2) == 0 ? TransportParameterSender.Client : TransportParameterSender.Server;
            try
            {
                var decoded = TransportParameters.Decode(blob, sender);
                // What we accept must be something we can send back and read identically.
                Assert.Equal(decoded, TransportParameters.Decode(decoded.ToArray(), sender));
                accepted++;
            }
            catch (QuicProtocolException e)
            {
                Assert.True(e.ErrorCode == TransportErrorCode.TransportParameterError,
                    $"blob {Convert.ToHexString(blob)} failed with {e.ErrorCode}: {e.Reason}");
                rejected++;
            }
        }

        output.WriteLine($"{accepted} accepted, {rejected} rejected");
        // Both outcomes must be well represented, or the mutations are not probing anything.
        Assert.True(accepted > Blobs / 20, $"only {accepted} accepted");
        Assert.True(rejected > Blobs / 20, $"only {rejected} rejected");
    }

    /// <summary>Seeded valid encodings from both senders, some with a greased parameter.</summary>
    private static List<byte[]> ValidEncodings()
    {
        var pool = new List<byte[]>();
        var greaseRandom = new Random(1234);
        foreach (var sender in new[] { TransportParameterSender.Client, TransportParameterSender.Server })
        {
            TransportParameterGens.Parameters(sender).Sample(p =>
            {
                pool.Add(p.ToArray(greaseRandom.Next(3) == 0 ? ReservedTransportParameter.Create(greaseRandom) : null));
            }, seed: "0N0XIzNsQ0O2", iter: 400, threads: 1);
        }
        return pool;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Well-framed tuples with plausible identifiers and arbitrary values: reaches the per-parameter checks.</summary>
    private static byte[] RandomTuples(Random random)
    {
        var blob = new List<byte>();
        int count = random.Next(0, 6);
        for (int i = 0; i < count; i++)
        {
            ulong id = random.Next(4) == 0
                ? (ulong)random.NextInt64(0, long.MaxValue) & QuicVarint.MaxValue
                : InterestingIds[random.Next(InterestingIds.Length)];
            byte[] value = random.Next(3) == 0
                ? TransportParameterBytes.Varint((ulong)random.NextInt64(0, long.MaxValue) >> random.Next(0, 63) & QuicVarint.MaxValue)
                : RandomBytes(random, random.Next(0, 48));
            blob.AddRange(TransportParameterBytes.Param(id, value));
        }
        return [.. blob];
    }

    private static byte[] Mutate(Random random, byte[] original, List<byte[]> pool)
    {
        var blob = new List<byte>(original);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            switch (random.Next(8))
            {
                case 0 when blob.Count > 0: // flip one bit
                    int at = random.Next(blob.Count);
                    blob[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when blob.Count > 0: // overwrite a byte
                    blob[random.Next(blob.Count)] = (byte)random.Next(256);
                    break;
                case 2 when blob.Count > 0: // truncate
                    int cut = random.Next(blob.Count);
                    blob.RemoveRange(cut, blob.Count - cut);
                    break;
                case 3: // insert random bytes
                    blob.InsertRange(random.Next(blob.Count + 1), RandomBytes(random, random.Next(1, 5)));
                    break;
                case 4 when blob.Count > 0: // delete a range
                    int from = random.Next(blob.Count);
                    blob.RemoveRange(from, Math.Min(blob.Count - from, random.Next(1, 6)));
                    break;
                case 5: // change a parameter's length field
                    ChangeLength(random, blob);
                    break;
                case 6: // duplicate a parameter
                    DuplicateParameter(random, blob);
                    break;
                default: // splice in the tail of another valid encoding
                    byte[] other = pool[random.Next(pool.Count)];
                    int split = random.Next(blob.Count + 1);
                    blob.RemoveRange(split, blob.Count - split);
                    blob.AddRange(other.Skip(random.Next(other.Length + 1)));
                    break;
            }
        }
        return [.. blob];
    }

    private static void ChangeLength(Random random, List<byte> blob)
    {
        var tuples = Tuples(blob);
        if (tuples.Count == 0) return;
        var (_, lengthAt, lengthSize, valueLength) = tuples[random.Next(tuples.Count)];
        ulong newLength = random.Next(4) switch
        {
            0 => (ulong)valueLength + 1,
            1 => valueLength > 0 ? (ulong)valueLength - 1 : 0,
            2 => (ulong)random.Next(0, 64),
            _ => (ulong)random.NextInt64(0, long.MaxValue) & QuicVarint.MaxValue,
        };
        blob.RemoveRange(lengthAt, lengthSize);
        blob.InsertRange(lengthAt, TransportParameterBytes.Varint(newLength));
    }

    private static void DuplicateParameter(Random random, List<byte> blob)
    {
        var tuples = Tuples(blob);
        if (tuples.Count == 0) return;
        var (start, lengthAt, lengthSize, valueLength) = tuples[random.Next(tuples.Count)];
        int end = lengthAt + lengthSize + valueLength;
        blob.AddRange(blob.GetRange(start, end - start));
    }

    /// <summary>The well-framed prefix of <paramref name="blob"/>, as (start, length field offset and size, value length).</summary>
    private static List<(int Start, int LengthAt, int LengthSize, int ValueLength)> Tuples(List<byte> blob)
    {
        var bytes = blob.ToArray();
        var tuples = new List<(int, int, int, int)>();
        int position = 0;
        while (position < bytes.Length
            && QuicVarint.TryRead(bytes.AsSpan(position), out _, out int idSize)
            && QuicVarint.TryRead(bytes.AsSpan(position + idSize), out ulong length, out int lengthSize)
            && length <= (ulong)(bytes.Length - position - idSize - lengthSize))
        {
            tuples.Add((position, position + idSize, lengthSize, (int)length));
            position += idSize + lengthSize + (int)length;
        }
        return tuples;
    }
}
