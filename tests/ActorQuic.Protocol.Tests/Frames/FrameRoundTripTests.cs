using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>
/// Every frame type: encode → FrameParser → the same frame, and re-encoding the decoded frame
/// gives the same bytes. Frames holding ReadOnlyMemory compare by content, not by reference.
/// </summary>
public class FrameRoundTripTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    // Each varint width equally likely, so 1-, 2-, 4- and 8-byte encodings are all exercised.
    private static readonly Gen<ulong> Varint = Gen.OneOf(
        Gen.ULong[0, 63], Gen.ULong[64, 16383], Gen.ULong[16384, 1073741823], Gen.ULong[1073741824, QuicVarint.MaxValue]);

    private static readonly Gen<byte[]> Data = Gen.Byte.Array[0, 64];

    private static void RoundTrip<T>(T frame, Func<T, byte[]> encode, Func<T, T, bool>? equal = null)
    {
        byte[] bytes = encode(frame);
        T decoded = FrameCodec.ParseSingle<T>(bytes);
        Assert.True((equal ?? EqualityComparer<T>.Default.Equals)(frame, decoded), $"{frame} decoded as {decoded}");
        Assert.Equal(bytes, encode(decoded));
    }

    private static bool Same(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span);

    [Fact]
    public void Padding() => Gen.Int[1, 1500].Sample(n =>
        RoundTrip(new PaddingFrame(n), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed, iter: 200);

    [Fact]
    public void Ping_and_handshake_done()
    {
        RoundTrip(new PingFrame(), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)));
        RoundTrip(new HandshakeDoneFrame(), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)));
        Assert.Equal(FrameCodec.Hex("01"), FrameCodec.Write(1, (ref QuicWriter w) => new PingFrame().Encode(ref w)));
        Assert.Equal(FrameCodec.Hex("1e"), FrameCodec.Write(1, (ref QuicWriter w) => new HandshakeDoneFrame().Encode(ref w)));
    }

    [Fact]
    public void ResetStream() => Gen.Select(Varint, Varint, Varint).Sample((id, code, size) =>
        RoundTrip(new ResetStreamFrame(id, code, size), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void StopSending() => Gen.Select(Varint, Varint).Sample((id, code) =>
        RoundTrip(new StopSendingFrame(id, code), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void Crypto() => Gen.Select(Varint, Data).Sample((offset, data) =>
    {
        offset = Math.Min(offset, QuicVarint.MaxValue - (ulong)data.Length);
        RoundTrip(new CryptoFrame(offset, data), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
            (a, b) => a.Offset == b.Offset && Same(a.Data, b.Data));
    }, seed: Seed);

    [Fact]
    public void NewToken() => Gen.Byte.Array[1, 200].Sample(token =>
        RoundTrip(new NewTokenFrame(token), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
            (a, b) => Same(a.Token, b.Token)),
        seed: Seed);

    [Fact]
    public void Stream() => Gen.Select(Varint, Varint, Data, Gen.Bool, Gen.Bool).Sample((id, offset, data, fin, hasLength) =>
    {
        offset = Math.Min(offset, QuicVarint.MaxValue - (ulong)data.Length);
        RoundTrip(new StreamFrame(id, offset, data, fin, hasLength), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
            (a, b) => a with { Data = default } == b with { Data = default } && Same(a.Data, b.Data));
    }, seed: Seed);

    [Fact]
    public void MaxData() => Varint.Sample(v =>
        RoundTrip(new MaxDataFrame(v), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void MaxStreamData() => Gen.Select(Varint, Varint).Sample((id, max) =>
        RoundTrip(new MaxStreamDataFrame(id, max), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void MaxStreams() => Gen.Select(Gen.Bool, Gen.ULong[0, MaxStreamsFrame.MaxStreamCount]).Sample((bidi, max) =>
        RoundTrip(new MaxStreamsFrame(bidi, max), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void DataBlocked() => Varint.Sample(v =>
        RoundTrip(new DataBlockedFrame(v), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void StreamDataBlocked() => Gen.Select(Varint, Varint).Sample((id, max) =>
        RoundTrip(new StreamDataBlockedFrame(id, max), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void StreamsBlocked() => Gen.Select(Gen.Bool, Gen.ULong[0, MaxStreamsFrame.MaxStreamCount]).Sample((bidi, max) =>
        RoundTrip(new StreamsBlockedFrame(bidi, max), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void NewConnectionId() =>
        Gen.Select(Varint, Varint, Gen.Byte.Array[1, 20], Gen.ULong, Gen.ULong).Sample((seq, rpt, cid, hi, lo) =>
            RoundTrip(new NewConnectionIdFrame(seq, Math.Min(rpt, seq), new ConnectionId(cid), TokenOf(hi, lo)),
                f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
            seed: Seed);

    private static StatelessResetToken TokenOf(ulong hi, ulong lo)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, hi);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], lo);
        return new StatelessResetToken(bytes);
    }

    [Fact]
    public void RetireConnectionId() => Varint.Sample(v =>
        RoundTrip(new RetireConnectionIdFrame(v), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w))),
        seed: Seed);

    [Fact]
    public void PathChallenge_and_response() => Gen.ULong.Sample(data =>
    {
        RoundTrip(new PathChallengeFrame(data), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)));
        RoundTrip(new PathResponseFrame(data), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)));
    }, seed: Seed);

    [Fact]
    public void PathChallenge_data_is_big_endian()
    {
        var bytes = FrameCodec.Write(9, (ref QuicWriter w) => new PathChallengeFrame(0x0102030405060708).Encode(ref w));
        Assert.Equal(FrameCodec.Hex("1a 0102030405060708"), bytes);
    }

    [Fact]
    public void ConnectionClose() => Gen.Select(Gen.Bool, Varint, Varint, Gen.Byte.Array[0, 100]).Sample((app, code, type, reason) =>
        RoundTrip(new ConnectionCloseFrame(app, code, app ? 0 : type, reason),
            f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
            (a, b) => a with { ReasonPhrase = default } == b with { ReasonPhrase = default } && Same(a.ReasonPhrase, b.ReasonPhrase)),
        seed: Seed);

    [Fact]
    public void ConnectionClose_helpers_pick_the_type()
    {
        var transport = ConnectionCloseFrame.ForTransportError(TransportErrorCode.FlowControlError, 0x08, "too much"u8.ToArray());
        Assert.Equal(FrameType.ConnectionClose, transport.Type);
        var bytes = FrameCodec.Write(transport.GetEncodedLength(), (ref QuicWriter w) => transport.Encode(ref w));
        Assert.Equal(FrameCodec.Hex("1c 03 08 08") .Concat("too much"u8.ToArray()), bytes);
        Assert.Equal("too much", FrameCodec.ParseSingle<ConnectionCloseFrame>(bytes).GetReasonString());

        var app = ConnectionCloseFrame.ForApplicationError(0x101);
        Assert.Equal(FrameCodec.Hex("1d 4101 00"), FrameCodec.Write(app.GetEncodedLength(), (ref QuicWriter w) => app.Encode(ref w)));
    }

    [Fact]
    public void Datagram() => Gen.Select(Gen.Byte.Array[0, 300], Gen.Bool).Sample((data, hasLength) =>
        RoundTrip(new DatagramFrame(data, hasLength), f => FrameCodec.Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
            (a, b) => a.HasLength == b.HasLength && Same(a.Data, b.Data)),
        seed: Seed);

    [Fact]
    public void Ack() => Gen.Select(Gen.Int, Varint, Gen.Bool, Varint).Sample((seed, delay, withEcn, ecnBase) =>
    {
        var ranges = SampleFrames.AckRanges(new Random(seed), maxRanges: 30);
        EcnCounts? ecn = withEcn ? new EcnCounts(ecnBase, ecnBase / 2, ecnBase / 3) : null;
        var bytes = FrameCodec.Write(AckFrame.GetEncodedLength(ranges, delay, ecn), (ref QuicWriter w) => AckFrame.Encode(ref w, ranges, delay, ecn));
        var ack = FrameCodec.ParseSingle<AckFrame>(bytes);
        Assert.Equal(ranges, FrameCodec.Ranges(ack));
        Assert.Equal(ranges[0].Largest, ack.LargestAcknowledged);
        Assert.Equal(ranges[^1].Smallest, ack.SmallestAcknowledged);
        Assert.Equal(ranges.Length - 1, ack.AckRangeCount);
        Assert.Equal(delay, ack.AckDelay);
        Assert.Equal(ecn, ack.Ecn);
        Assert.Equal(withEcn ? FrameType.AckEcn : FrameType.Ack, ack.Type);
        Assert.Equal(bytes, FrameCodec.Encode(ack));
    }, seed: Seed);

    [Fact]
    public void Any_sequence_of_frames_re_encodes_to_the_same_payload()
    {
        var rng = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            var payload = new List<byte>();
            int count = rng.Next(1, 8);
            var types = new List<FrameType>();
            for (int j = 0; j < count; j++)
            {
                var type = SampleFrames.AllTypes[rng.Next(SampleFrames.AllTypes.Length)];
                if (SampleFrames.MustBeLast(type) && j != count - 1) continue;
                types.Add(type);
                payload.AddRange(SampleFrames.Encode(type, rng));
            }
            if (payload.Count == 0) continue;
            var bytes = payload.ToArray();
            var frames = FrameCodec.ParseAll(bytes);
            // Neighbouring PADDING runs merge into one frame; everything else maps one to one.
            var expectedTypes = types.Where((t, k) => t != FrameType.Padding || k == 0 || types[k - 1] != FrameType.Padding);
            Assert.Equal(expectedTypes, frames.Select(FrameCodec.TypeOf));
            Assert.Equal(bytes, frames.SelectMany(FrameCodec.Encode).ToArray());
        }
    }
}
