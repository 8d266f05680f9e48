using ActorQuic.Http3.QPack;

namespace ActorQuic.Http3.Tests.QPack;

/// <summary>
/// Random and mutated peer input: every outcome is a decode, a block, or an
/// <see cref="Http3ProtocolException"/> with the code of the stream it came from — never another
/// exception — and the decoder's buffers stay within their bounds throughout.
/// </summary>
public class HostileTests
{
    private const int Iterations = 60_000;
    private const long Capacity = 1024;
    private const int MaxBlocked = 8;
    private const long MaxSection = 4096;

    private readonly Random _rng = new(1234);
    private readonly List<byte[]> _sections = [];
    private readonly byte[] _encoderStream;
    private readonly List<byte[]> _decoderStreams = [];

    public HostileTests()
    {
        // Valid material to mutate: what our encoder sends for a few dozen requests.
        var enc = new QPackEncoder(new QPackEncoderOptions { Huffman = HuffmanMode.WhenShorter });
        enc.ApplyPeerSettings(Capacity, MaxBlocked);
        var dec = new QPackDecoder(DecoderOptions);
        var stream = new List<byte>();
        for (int i = 0; i < 40; i++)
        {
            HeaderField[] fields =
            [
                new(":method", i % 3 == 0 ? "POST" : "GET"), new(":authority", "host" + (i % 4) + ".example"),
                new(":path", "/p/" + i), new("x-id", (i * 7919).ToString()), new("cookie", "c=" + i),
                new("x-bin", new string((char)(i * 37 % 256), i % 5)),
            ];
            byte[] section = enc.EncodeFieldSection(4L * i, fields);
            byte[] ins = enc.TakeEncoderStreamBytes();
            stream.AddRange(ins);
            dec.ReceiveEncoderStream(ins);
            dec.TryDecodeFieldSection(4L * i, section, out _);
            byte[] back = dec.TakeDecoderStreamBytes();
            enc.ReceiveDecoderStream(back);
            _sections.Add(section);
            if (back.Length > 0) _decoderStreams.Add(back);
        }
        _encoderStream = stream.ToArray();
    }

    private static QPackDecoderOptions DecoderOptions => new()
    {
        MaxTableCapacity = Capacity, MaxBlockedStreams = MaxBlocked, MaxFieldSectionSize = MaxSection,
    };

    private QPackDecoder FreshDecoder()
    {
        var d = new QPackDecoder(DecoderOptions);
        // Most of the valid encoder stream, so mutated sections find entries (and some miss).
        d.ReceiveEncoderStream(_encoderStream.AsSpan(0, _rng.Next(_encoderStream.Length + 1)));
        return d;
    }

    private QPackEncoder FreshEncoder()
    {
        var e = new QPackEncoder();
        e.ApplyPeerSettings(Capacity, MaxBlocked);
        for (int i = 0; i < 6; i++) e.EncodeFieldSection(4L * i, [new HeaderField("x-k", "v" + i), new HeaderField(":authority", "h")]);
        return e;
    }

    [Fact]
    public void RandomAndMutatedInputsFailOnlyWithTheRightCode()
    {
        QPackDecoder decoder = FreshDecoder();
        QPackEncoder encoder = FreshEncoder();
        int decoded = 0, blocked = 0, failures = 0;

        for (int i = 0; i < Iterations; i++)
        {
            switch (_rng.Next(7))
            {
                case 0:
                case 1:
                case 2:
                {
                    byte[] valid = _sections[_rng.Next(_sections.Count)];
                    byte[] input = _rng.Next(4) switch { 0 => RandomBytes(40), 1 => valid, _ => Mutate(valid) };
                    long streamId = 4L * _rng.Next(64);
                    try
                    {
                        if (decoder.TryDecodeFieldSection(streamId, input, out var fields))
                        {
                            decoded++;
                            Assert.True(SizeOf(fields) <= MaxSection);
                        }
                        else
                        {
                            blocked++;
                        }
                    }
                    catch (Http3ProtocolException e)
                    {
                        failures++;
                        Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, e.ErrorCode);
                        if (e.IsConnectionError) decoder = FreshDecoder();
                        else decoder.CancelStream(streamId);
                    }
                    break;
                }
                case 3:
                {
                    byte[] input = _rng.Next(3) == 0 ? RandomBytes(24) : Mutate(Slice(_encoderStream));
                    try
                    {
                        decoder.ReceiveEncoderStream(input);
                        while (decoder.TryTakeUnblocked(out DecodedFieldSection s))
                        {
                            if (s.Error != null) Assert.Equal(Http3ErrorCode.QpackDecompressionFailed, s.Error.ErrorCode);
                        }
                    }
                    catch (Http3ProtocolException e)
                    {
                        failures++;
                        // A blocked section decoded because of these inserts may itself be malformed.
                        Assert.True(e.ErrorCode is Http3ErrorCode.QpackEncoderStreamError or Http3ErrorCode.QpackDecompressionFailed, e.Message);
                        decoder = FreshDecoder();
                    }
                    break;
                }
                case 4:
                case 5:
                {
                    byte[] input = _rng.Next(3) == 0 ? RandomBytes(6) : Mutate(_decoderStreams[_rng.Next(_decoderStreams.Count)]);
                    try
                    {
                        encoder.ReceiveDecoderStream(input);
                        Assert.True(encoder.KnownReceivedCount <= encoder.Table.InsertCount);
                    }
                    catch (Http3ProtocolException e)
                    {
                        failures++;
                        Assert.Equal(Http3ErrorCode.QpackDecoderStreamError, e.ErrorCode);
                        encoder = FreshEncoder();
                    }
                    break;
                }
                default:
                    decoder.CancelStream(4L * _rng.Next(64));
                    decoder.TakeDecoderStreamBytes();
                    break;
            }

            // Bounded memory: the table, blocked streams and buffered input stay within their limits.
            Assert.True(decoder.Table.Size <= Capacity);
            Assert.True(decoder.BlockedStreamCount <= MaxBlocked);
            Assert.True(decoder.PendingEncoderStreamBytes <= 8 * Capacity + 64, $"pending {decoder.PendingEncoderStreamBytes}");
            Assert.True(decoder.BlockedBytes <= MaxBlocked * QPackDecoder.MaxBlockedSectionsPerStream * (4 * MaxSection + 64));
        }

        // The mix really reached every outcome.
        Assert.True(decoded > 1000, $"decoded {decoded} blocked {blocked} failures {failures}");
        Assert.True(blocked > 100, $"blocked {blocked}");
        Assert.True(failures > 1000, $"failures {failures}");
    }

    private static long SizeOf(IReadOnlyList<HeaderField> fields)
    {
        long size = 0;
        foreach (HeaderField f in fields) size += f.Size;
        return size;
    }

    private byte[] RandomBytes(int maxLength)
    {
        var bytes = new byte[_rng.Next(maxLength + 1)];
        _rng.NextBytes(bytes);
        return bytes;
    }

    private byte[] Slice(byte[] source)
    {
        int start = _rng.Next(source.Length);
        return source.AsSpan(start, _rng.Next(Math.Min(64, source.Length - start) + 1)).ToArray();
    }

    private byte[] Mutate(byte[] source)
    {
        var bytes = new List<byte>(source);
        for (int n = _rng.Next(1, 4); n > 0; n--)
        {
            switch (_rng.Next(5))
            {
                case 0 when bytes.Count > 0:
                    int bit = _rng.Next(bytes.Count * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[_rng.Next(bytes.Count)] = (byte)_rng.Next(256);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(_rng.Next(bytes.Count), 1);
                    break;
                case 3:
                    bytes.Insert(_rng.Next(bytes.Count + 1), (byte)_rng.Next(256));
                    break;
                case 4 when bytes.Count > 0:
                    int cut = _rng.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut); // truncate
                    break;
            }
        }
        return bytes.ToArray();
    }
}
