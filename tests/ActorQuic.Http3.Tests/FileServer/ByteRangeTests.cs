using ActorQuic.Http3.FileServer;
using CsCheck;

namespace ActorQuic.Http3.Tests.FileServer;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-0", 10, ByteRangeKind.Partial, 0, 1)]
    [InlineData("BYTES=2-4", 10, ByteRangeKind.Partial, 2, 3)]
    [InlineData(" bytes=9-", 10, ByteRangeKind.Partial, 9, 1)]
    [InlineData("bytes=-3", 10, ByteRangeKind.Partial, 7, 3)]
    [InlineData("bytes=0-5, ", 10, ByteRangeKind.Partial, 0, 6)] // empty list elements are allowed
    [InlineData("bytes=10-", 10, ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-0", 10, ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-1", 0, ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=0-1,3-4", 10, ByteRangeKind.Full, 0, 10)]
    [InlineData("bytes=+1-2", 10, ByteRangeKind.Full, 0, 10)]
    [InlineData(null, 10, ByteRangeKind.Full, 0, 10)]
    public void Evaluates_single_ranges(string? header, long length, ByteRangeKind kind, long offset, long count)
    {
        Assert.Equal(new ByteRange(kind, offset, count), ByteRange.Evaluate(header, length));
    }

    [Fact]
    public void Any_header_gives_a_slice_inside_the_representation()
    {
        var chars = Gen.OneOf('0', '1', '5', '9', '-', ',', ' ', '=', 'b', 'x');
        var header = Gen.Select(Gen.OneOf("bytes=", "Bytes=", ""), chars.Array[0, 24], (prefix, rest) => prefix + new string(rest));
        Gen.Select(header, Gen.Long[0, 1_000_000]).Sample((h, length) =>
        {
            var range = ByteRange.Evaluate(h, length);
            switch (range.Kind)
            {
                case ByteRangeKind.Full:
                    Assert.Equal((0L, length), (range.Offset, range.Length));
                    break;
                case ByteRangeKind.Partial:
                    Assert.True(range.Offset >= 0 && range.Length > 0 && range.Offset + range.Length <= length, $"{h} {length} {range}");
                    break;
            }
        }, seed: "0N0XIzNsQ0O2", iter: 20_000);
    }
}
