using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Wire;

public class PacketNumberEncodingTests
{
    [Fact]
    public void Decodes_rfc9000_appendix_a3_sample()
    {
        // largest 0xa82f30ea, truncated 0x9b32 in 16 bits → 0xa82f9b32
        Assert.Equal(0xa82f9b32UL, PacketNumberEncoding.Decode(0xa82f30ea, 0x9b32, 2));
    }

    [Theory]
    // RFC 9000 §17.1: 0xabe8b3 acked, sending 0xac5c02 needs 16 bits; 0xace8fe needs 24.
    [InlineData(0xac5c02UL, 0xabe8b3UL, 2)]
    [InlineData(0xace8feUL, 0xabe8b3UL, 3)]
    public void Chooses_rfc9000_section_17_1_lengths(ulong pn, ulong largestAcked, int expected)
    {
        Assert.Equal(expected, PacketNumberEncoding.GetEncodedLength(pn, largestAcked));
    }

    [Fact]
    public void Round_trips_within_the_window_it_chose()
    {
        var gen = Gen.ULong[0, (1UL << 40)].SelectMany(acked =>
            Gen.ULong[1, 1UL << 20].Select(ahead => (acked, pn: acked + ahead)));
        gen.Sample(t =>
        {
            int len = PacketNumberEncoding.GetEncodedLength(t.pn, t.acked);
            Span<byte> buf = stackalloc byte[4];
            PacketNumberEncoding.WriteTruncated(buf, t.pn, len);
            ulong truncated = PacketNumberEncoding.ReadTruncated(buf, len);
            // The receiver has seen at least the acknowledged packet.
            return PacketNumberEncoding.Decode((long)t.acked, truncated, len) == t.pn;
        }, seed: "0N0XIzNsQ0O2");
    }
}
