using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>Filling a packet with STREAM, CRYPTO and DATAGRAM frames, with and without a Length field.</summary>
public class DataFrameSizingTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly Gen<ulong> Varint = Gen.OneOf(
        Gen.ULong[0, 63], Gen.ULong[64, 16383], Gen.ULong[16384, 1073741823], Gen.ULong[1073741824, QuicVarint.MaxValue]);

    // Budgets around the varint width boundaries of the Length field matter most.
    private static readonly Gen<int> Budget = Gen.OneOf(Gen.Int[0, 100], Gen.Int[16370, 16400], Gen.Int[0, 70000]);

    [Fact]
    public void Stream_max_data_length_is_the_largest_that_fits() =>
        Gen.Select(Varint, Varint, Budget, Gen.Bool).Sample((id, offset, budget, withLength) =>
        {
            int n = StreamFrame.GetMaxDataLength(id, offset, budget, withLength);
            int Size(int length) => StreamFrame.GetHeaderLength(id, offset, length, withLength) + length;
            if (n < 0)
            {
                Assert.True(Size(0) > budget);
                return;
            }
            Assert.True(Size(n) <= budget);
            Assert.True(offset + (ulong)n <= QuicVarint.MaxValue);
            bool capped = offset + (ulong)n == QuicVarint.MaxValue;
            Assert.True(capped || Size(n + 1) > budget, $"n={n} could be {n + 1}");
        }, seed: Seed);

    [Fact]
    public void Crypto_max_data_length_is_the_largest_that_fits() =>
        Gen.Select(Varint, Budget).Sample((offset, budget) =>
        {
            int n = CryptoFrame.GetMaxDataLength(offset, budget);
            int Size(int length) => CryptoFrame.GetHeaderLength(offset, length) + length;
            if (n < 0)
            {
                Assert.True(Size(0) > budget);
                return;
            }
            Assert.True(Size(n) <= budget);
            Assert.True(offset + (ulong)n == QuicVarint.MaxValue || Size(n + 1) > budget);
        }, seed: Seed);

    [Fact]
    public void Datagram_max_data_length_is_the_largest_that_fits() =>
        Gen.Select(Budget, Gen.Bool).Sample((budget, withLength) =>
        {
            int n = DatagramFrame.GetMaxDataLength(budget, withLength);
            int Size(int length) => DatagramFrame.GetHeaderLength(length, withLength) + length;
            if (n < 0)
            {
                Assert.True(Size(0) > budget);
                return;
            }
            Assert.True(Size(n) <= budget);
            Assert.True(Size(n + 1) > budget);
        }, seed: Seed);

    [Fact]
    public void Stream_frame_without_length_takes_the_rest_of_the_packet()
    {
        // Type 0x08 (no OFF, LEN or FIN): what looks like a PING after it is stream data.
        var frame = FrameCodec.ParseSingle<StreamFrame>(FrameCodec.Hex("08 04 01 01"));
        Assert.Equal(4UL, frame.StreamId);
        Assert.Equal(0UL, frame.Offset);
        Assert.Equal(FrameCodec.Hex("01 01"), frame.Data.ToArray());
        Assert.False(frame.HasLength);
        Assert.False(frame.Fin);
    }

    [Fact]
    public void Stream_frame_last_in_packet_omits_length_and_offset_zero()
    {
        var frame = new StreamFrame(4, 0, FrameCodec.Hex("aabb"), Fin: true, HasLength: false);
        Assert.Equal(FrameType.StreamFin, frame.Type);
        Assert.Equal(FrameCodec.Hex("09 04 aabb"), FrameCodec.Write(frame.GetEncodedLength(), (ref QuicWriter w) => frame.Encode(ref w)));
        var withOffset = new StreamFrame(4, 64, FrameCodec.Hex("aa"), Fin: false);
        Assert.Equal(FrameCodec.Hex("0e 04 4040 01 aa"), FrameCodec.Write(withOffset.GetEncodedLength(), (ref QuicWriter w) => withOffset.Encode(ref w)));
    }

    [Fact]
    public void Explicit_zero_offset_decodes_like_an_absent_one()
    {
        var frame = FrameCodec.ParseSingle<StreamFrame>(FrameCodec.Hex("0f 00 00 01 aa"));
        Assert.Equal(0UL, frame.Offset);
        Assert.True(frame.Fin);
        Assert.Equal(1UL, frame.EndOffset);
    }

    [Fact]
    public void Header_then_caller_copied_data_equals_whole_frame_encoding()
    {
        var data = FrameCodec.Hex("0102030405");
        var frame = new StreamFrame(9, 1000, data, Fin: true);
        var whole = FrameCodec.Write(frame.GetEncodedLength(), (ref QuicWriter w) => frame.Encode(ref w));
        var split = FrameCodec.Write(frame.GetEncodedLength(), (ref QuicWriter w) =>
        {
            StreamFrame.EncodeHeader(ref w, 9, 1000, data.Length, fin: true, withLength: true);
            w.WriteBytes(data.AsSpan(0, 2));
            w.WriteBytes(data.AsSpan(2));
        });
        Assert.Equal(whole, split);
    }

    [Fact]
    public void Datagram_without_length_runs_to_the_end_and_may_be_empty()
    {
        var frame = FrameCodec.ParseSingle<DatagramFrame>(FrameCodec.Hex("30 31 00"));
        Assert.Equal(FrameCodec.Hex("31 00"), frame.Data.ToArray());
        Assert.False(frame.HasLength);
        Assert.Equal(3, frame.GetEncodedLength());
        var empty = FrameCodec.ParseAll(FrameCodec.Hex("31 00 30"));
        Assert.Equal(2, empty.Count);
        Assert.All(empty, f => Assert.True(((DatagramFrame)f).Data.IsEmpty));
    }

    [Fact]
    public void Stream_and_crypto_may_end_exactly_at_2_pow_62_minus_1()
    {
        // Offset 2^62-2 with one byte ends at 2^62-1: allowed (RFC 9000 §19.6, §19.8).
        var stream = FrameCodec.ParseSingle<StreamFrame>(FrameCodec.Hex("0e 00 fffffffffffffffe 01 aa"));
        Assert.Equal(QuicVarint.MaxValue, stream.EndOffset);
        var crypto = FrameCodec.ParseSingle<CryptoFrame>(FrameCodec.Hex("06 ffffffffffffffff 00"));
        Assert.Equal(QuicVarint.MaxValue, crypto.EndOffset);
    }
}
