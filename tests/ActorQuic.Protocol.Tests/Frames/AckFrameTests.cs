using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Frames;

public class AckFrameTests
{
    private static readonly AckRange[] ThreeRanges = [new(8, 10), new(3, 5), new(0, 1)];

    [Fact]
    public void Encodes_gaps_and_lengths_relative_to_the_previous_range()
    {
        // RFC 9000 §19.3.1: largest 10, first range 2; gap = 8-5-2 = 1, length 2; gap = 3-1-2 = 0, length 1.
        var bytes = FrameCodec.Write(AckFrame.GetEncodedLength(ThreeRanges, 0x25), (ref QuicWriter w) => AckFrame.Encode(ref w, ThreeRanges, 0x25));
        Assert.Equal(FrameCodec.Hex("02 0a 25 02 02 01 02 00 01"), bytes);
        var ack = FrameCodec.ParseSingle<AckFrame>(bytes);
        Assert.Equal(ThreeRanges, FrameCodec.Ranges(ack));
        Assert.Equal(FrameCodec.Hex("01 02 00 01"), ack.EncodedRanges.ToArray());
        Assert.Null(ack.Ecn);
    }

    [Fact]
    public void Ecn_counts_follow_the_ranges_in_type_0x03()
    {
        var ack = FrameCodec.ParseSingle<AckFrame>(FrameCodec.Hex("03 05 00 00 01 07 08 4009"));
        Assert.Equal(FrameType.AckEcn, ack.Type);
        Assert.Equal(new EcnCounts(7, 8, 9), ack.Ecn);
        Assert.Equal([new AckRange(4, 5)], FrameCodec.Ranges(ack));
    }

    [Theory]
    [InlineData("02 05 00 00 06")] // first range 6 below largest 5
    [InlineData("02 05 00 01 02 02 00")] // smallest 3, gap 2: next largest 3-2-2 = -1
    [InlineData("02 05 00 01 02 01 01")] // next largest 0, length 1: smallest -1
    [InlineData("02 00 00 01 00 00 00")] // smallest 0, any further range is below zero
    public void A_range_below_packet_number_zero_is_a_frame_encoding_error(string hex)
    {
        var ex = FrameCodec.ParseError(FrameCodec.Hex(hex));
        Assert.Equal(TransportErrorCode.FrameEncodingError, ex.ErrorCode);
        Assert.Equal((ulong)FrameType.Ack, ex.FrameType);
    }

    [Fact]
    public void Range_reaching_exactly_zero_is_fine()
    {
        var ack = FrameCodec.ParseSingle<AckFrame>(FrameCodec.Hex("02 05 00 01 02 01 00"));
        Assert.Equal([new AckRange(3, 5), new AckRange(0, 0)], FrameCodec.Ranges(ack));
        Assert.Equal(0UL, ack.SmallestAcknowledged);
    }

    [Theory]
    [InlineData("02 05 00 ffffffffffffffff 00")] // range count 2^62-1 with nothing behind it
    [InlineData("02 05 00 02 00 00 00")] // two ranges announced, one present
    [InlineData("03 05 00 00 00 01 02")] // ECN counts cut short
    public void Truncated_ack_is_a_frame_encoding_error(string hex)
    {
        var ex = FrameCodec.ParseError(FrameCodec.Hex(hex));
        Assert.Equal(TransportErrorCode.FrameEncodingError, ex.ErrorCode);
    }

    [Fact]
    public void Ack_delay_scales_by_the_exponent_and_saturates()
    {
        var ack = FrameCodec.ParseSingle<AckFrame>(FrameCodec.Hex("02 05 4064 00 00"));
        Assert.Equal(100UL, ack.AckDelay);
        Assert.Equal(800UL, ack.GetAckDelayMicroseconds(3));
        var huge = FrameCodec.ParseSingle<AckFrame>(FrameCodec.Hex("02 05 ffffffffffffffff 00 00"));
        Assert.Equal(ulong.MaxValue, huge.GetAckDelayMicroseconds(20));
        Assert.Equal(QuicVarint.MaxValue, huge.GetAckDelayMicroseconds(0));
    }

    [Theory]
    [InlineData(new ulong[] { })]
    [InlineData(new ulong[] { 5, 4 })] // smallest > largest
    [InlineData(new ulong[] { 5, 9, 3, 4 })] // adjacent: 4 then 5 needs merging
    [InlineData(new ulong[] { 5, 9, 3, 6 })] // overlapping
    [InlineData(new ulong[] { 5, 9, 6, 8 })] // not descending
    public void Encoding_refuses_ranges_that_cannot_be_expressed(ulong[] flat)
    {
        var ranges = Enumerable.Range(0, flat.Length / 2).Select(i => new AckRange(flat[2 * i], flat[2 * i + 1])).ToArray();
        Assert.Throws<ArgumentException>(() => AckFrame.GetEncodedLength(ranges, 0));
    }

    [Fact]
    public void Counting_ranges_that_fit_picks_the_longest_prefix_within_budget() =>
        Gen.Select(Gen.Int, Gen.Int[0, 120], Gen.Bool).Sample((seed, budget, withEcn) =>
        {
            var ranges = SampleFrames.AckRanges(new Random(seed), maxRanges: 40);
            EcnCounts? ecn = withEcn ? new EcnCounts(1, 2, 3) : null;
            int k = AckFrame.CountRangesThatFit(ranges, 7, ecn, budget);
            if (k > 0) Assert.True(AckFrame.GetEncodedLength(ranges.AsSpan(0, k), 7, ecn) <= budget);
            if (k < ranges.Length) Assert.True(AckFrame.GetEncodedLength(ranges.AsSpan(0, k + 1), 7, ecn) > budget);
        }, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void Default_frame_enumerates_packet_zero()
    {
        Assert.Equal([new AckRange(0, 0)], FrameCodec.Ranges(default));
    }
}
