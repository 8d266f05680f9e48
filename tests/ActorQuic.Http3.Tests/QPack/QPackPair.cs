using ActorQuic.Http3.QPack;

namespace ActorQuic.Http3.Tests.QPack;

/// <summary>
/// One direction of a connection's QPACK: our encoder feeding our decoder through three in-memory
/// pipes (encoder stream, request streams, decoder stream) whose delivery order a seeded Random
/// chooses: encoder-stream bytes arrive in arbitrary pieces and late, request streams in any order
/// relative to each other and to the encoder stream (each stream's own sections stay in order).
/// </summary>
internal sealed class QPackPair
{
    private readonly Random _rng;
    private readonly List<byte> _encoderPipe = [];
    private readonly List<byte> _decoderPipe = [];
    private readonly Dictionary<long, Queue<(byte[] Bytes, HeaderField[] Expected)>> _undelivered = new();
    private readonly Dictionary<long, Queue<HeaderField[]>> _awaiting = new();
    private readonly HashSet<long> _cancelled = [];

    public QPackPair(int seed, QPackEncoderOptions encoderOptions, QPackDecoderOptions decoderOptions)
    {
        _rng = new Random(seed);
        Encoder = new QPackEncoder(encoderOptions);
        Decoder = new QPackDecoder(decoderOptions);
    }

    public QPackEncoder Encoder { get; }
    public QPackDecoder Decoder { get; }
    public int Decoded { get; private set; }
    public int Blocked { get; private set; }

    public void Encode(long streamId, HeaderField[] fields)
    {
        byte[] section = Encoder.EncodeFieldSection(streamId, fields);
        _encoderPipe.AddRange(Encoder.TakeEncoderStreamBytes());
        var expected = new HeaderField[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            bool never = fields[i].NeverIndex || Encoder.Options.SensitiveNames.Contains(fields[i].Name);
            expected[i] = fields[i] with { NeverIndex = never };
        }
        if (!_undelivered.TryGetValue(streamId, out var queue)) _undelivered[streamId] = queue = new();
        queue.Enqueue((section, expected));
    }

    /// <summary>Does one random delivery step; returns false when nothing is left to deliver.</summary>
    public bool Step(bool allowCancel)
    {
        int choice = _rng.Next(10);
        if (choice < 3 && _encoderPipe.Count > 0)
        {
            int n = Math.Min(_encoderPipe.Count, 1 + _rng.Next(_rng.Next(2) == 0 ? 4 : 64));
            byte[] piece = _encoderPipe.GetRange(0, n).ToArray();
            _encoderPipe.RemoveRange(0, n);
            Decoder.ReceiveEncoderStream(piece);
            DrainUnblocked();
            return true;
        }
        if (choice < 7 && _undelivered.Count > 0)
        {
            long streamId = _undelivered.Keys.ElementAt(_rng.Next(_undelivered.Count));
            var queue = _undelivered[streamId];
            if (allowCancel && _rng.Next(25) == 0)
            {
                // The stream is reset before its field sections are read (RFC 9204 §2.2.2.2).
                _undelivered.Remove(streamId);
                _awaiting.Remove(streamId);
                _cancelled.Add(streamId);
                Decoder.CancelStream(streamId);
                return true;
            }
            (byte[] bytes, HeaderField[] expected) = queue.Dequeue();
            if (queue.Count == 0) _undelivered.Remove(streamId);
            if (!_awaiting.TryGetValue(streamId, out var awaiting)) _awaiting[streamId] = awaiting = new();
            awaiting.Enqueue(expected);
            if (Decoder.TryDecodeFieldSection(streamId, bytes, out var fields))
            {
                Check(streamId, fields);
            }
            else
            {
                Blocked++;
            }
            return true;
        }
        if (choice < 10 && (_decoderPipe.Count > 0 || Decoder.HasDecoderStreamBytes))
        {
            _decoderPipe.AddRange(Decoder.TakeDecoderStreamBytes());
            int n = Math.Min(_decoderPipe.Count, 1 + _rng.Next(8));
            byte[] piece = _decoderPipe.GetRange(0, n).ToArray();
            _decoderPipe.RemoveRange(0, n);
            Encoder.ReceiveDecoderStream(piece);
            return true;
        }
        return _encoderPipe.Count > 0 || _undelivered.Count > 0 || _decoderPipe.Count > 0 || Decoder.HasDecoderStreamBytes;
    }

    /// <summary>Delivers everything left, in random order, then asserts both sides are settled.</summary>
    public void Settle()
    {
        int guard = 0;
        while (Step(allowCancel: false))
        {
            Assert.True(++guard < 1_000_000, "delivery did not converge");
        }
        Assert.DoesNotContain(_awaiting, kv => kv.Value.Count > 0);
        Assert.Equal(0, Decoder.BlockedStreamCount);
        Assert.Equal(0, Encoder.BlockingStreamCount);
        Assert.Equal(Encoder.Table.InsertCount, Decoder.Table.InsertCount);
        Assert.Equal(Encoder.Table.InsertCount, Encoder.KnownReceivedCount);
        Assert.Equal(Encoder.Table.DroppedCount, Decoder.Table.DroppedCount);
        Assert.Equal(Encoder.Table.Size, Decoder.Table.Size);
        for (long a = Encoder.Table.DroppedCount; a < Encoder.Table.InsertCount; a++)
        {
            Assert.Equal(Encoder.Table.Get(a), Decoder.Table.Get(a));
            Assert.Equal(0, Encoder.GetReferenceCount(a));
        }
    }

    private void DrainUnblocked()
    {
        while (Decoder.TryTakeUnblocked(out DecodedFieldSection section))
        {
            Assert.Null(section.Error);
            Check(section.StreamId, section.Fields);
        }
    }

    private void Check(long streamId, IReadOnlyList<HeaderField> fields)
    {
        Assert.DoesNotContain(streamId, _cancelled);
        HeaderField[] expected = _awaiting[streamId].Dequeue();
        Assert.Equal(expected, fields);
        Decoded++;
    }
}
