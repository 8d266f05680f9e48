using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Wire;

public class QuicVarintTests
{
    // RFC 9000 appendix A.1 sample encodings.
    [Theory]
    [InlineData("c2197c5eff14e88c", 151288809941952652UL)]
    [InlineData("9d7f3e7d", 494878333UL)]
    [InlineData("7bbd", 15293UL)]
    [InlineData("25", 37UL)]
    [InlineData("4025", 37UL)]
    public void Decodes_rfc9000_samples(string hex, ulong expected)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.True(QuicVarint.TryRead(bytes, out var value, out var read));
        Assert.Equal(expected, value);
        Assert.Equal(bytes.Length, read);
    }

    [Theory]
    [InlineData(151288809941952652UL, "c2197c5eff14e88c")]
    [InlineData(494878333UL, "9d7f3e7d")]
    [InlineData(15293UL, "7bbd")]
    [InlineData(37UL, "25")]
    public void Encodes_shortest_form(ulong value, string hex)
    {
        Span<byte> buffer = stackalloc byte[8];
        int n = QuicVarint.Write(buffer, value);
        Assert.Equal(hex, Convert.ToHexString(buffer[..n]).ToLowerInvariant());
    }

    [Fact]
    public void Round_trips_any_value_in_any_legal_length()
    {
        Gen.ULong[0, QuicVarint.MaxValue].Select(Gen.Int[0, 3]).Sample((value, lengthIndex) =>
        {
            int length = Math.Max(QuicVarint.GetLength(value), 1 << lengthIndex);
            Span<byte> buffer = stackalloc byte[8];
            int written = QuicVarint.Write(buffer, value, length);
            return written == length
                && QuicVarint.TryRead(buffer[..written], out var decoded, out var read)
                && decoded == value && read == length;
        }, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Truncated_input_is_refused_not_thrown()
    {
        Assert.False(QuicVarint.TryRead(ReadOnlySpan<byte>.Empty, out _, out _));
        Assert.False(QuicVarint.TryRead(new byte[] { 0xc2, 0x19, 0x7c }, out _, out _));
        Assert.False(QuicVarint.TryRead(new byte[] { 0x40 }, out _, out _));
    }

    [Fact]
    public void Too_large_values_cannot_be_encoded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuicVarint.GetLength(QuicVarint.MaxValue + 1));
        var buffer = new byte[8];
        Assert.Throws<ArgumentOutOfRangeException>(() => QuicVarint.Write(buffer, 64, 1));
    }
}
