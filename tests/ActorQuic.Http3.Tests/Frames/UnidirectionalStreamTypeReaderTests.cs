using ActorQuic.Http3.Frames;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Frames;

public class UnidirectionalStreamTypeReaderTests
{
    /// <summary>Feeds the bytes split at <paramref name="cut"/>; returns the header and the body bytes left over.</summary>
    private static (UnidirectionalStreamHeader Header, byte[] Body) Read(byte[] bytes, int cut)
    {
        var reader = new UnidirectionalStreamTypeReader();
        ReadOnlySpan<byte> first = bytes.AsSpan(0, cut);
        if (reader.TryRead(ref first, out var header)) return (header, Concat(first.ToArray(), bytes[cut..]));
        Assert.True(first.IsEmpty);
        ReadOnlySpan<byte> second = bytes.AsSpan(cut);
        Assert.True(reader.TryRead(ref second, out header));
        return (header, second.ToArray());
    }

    [Theory]
    [InlineData(0x00UL, UnidirectionalStreamType.Control)]
    [InlineData(0x02UL, UnidirectionalStreamType.QpackEncoder)]
    [InlineData(0x03UL, UnidirectionalStreamType.QpackDecoder)]
    public void Known_types_are_read_and_the_body_left_in_place(ulong raw, UnidirectionalStreamType type)
    {
        byte[] bytes = Concat(Varint(raw), [0x04, 0x00]);
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var (header, rest) = Read(bytes, cut);
            Assert.True(header.IsKnown);
            Assert.Equal(type, header.Type);
            Assert.Equal(new byte[] { 0x04, 0x00 }, rest);
        }
    }

    [Fact]
    public void Push_stream_header_includes_the_push_id_at_every_split()
    {
        byte[] bytes = Concat(Varint(0x01), Varint(1_000_000), [0x01, 0x00]);
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var (header, rest) = Read(bytes, cut);
            Assert.Equal(UnidirectionalStreamType.Push, header.Type);
            Assert.Equal(1_000_000UL, header.PushId);
            Assert.Equal(new byte[] { 0x01, 0x00 }, rest);
        }
    }

    [Fact]
    public void Reserved_stream_types_are_unknown_and_marked_reserved()
    {
        foreach (ulong n in new ulong[] { 0, 1, 77, Http3Grease.MaxIndex })
        {
            byte[] bytes = Concat(Varint(Http3Grease.GetReserved(n)), [0xff, 0xff]);
            var (header, rest) = Read(bytes, 1);
            Assert.False(header.IsKnown);
            Assert.True(header.IsReserved);
            Assert.Equal(new byte[] { 0xff, 0xff }, rest);
        }
    }

    [Fact]
    public void Other_unknown_types_are_neither_known_nor_reserved()
    {
        var (header, _) = Read(Varint(0x54), 0);
        Assert.False(header.IsKnown);
        Assert.False(header.IsReserved);
    }

    [Fact]
    public void Byte_at_a_time_with_an_eight_byte_type()
    {
        var reader = new UnidirectionalStreamTypeReader();
        byte[] bytes = new byte[8];
        QuicVarint.Write(bytes, Http3Grease.GetReserved(Http3Grease.MaxIndex), 8);
        for (int i = 0; i < 7; i++)
        {
            ReadOnlySpan<byte> one = bytes.AsSpan(i, 1);
            Assert.False(reader.TryRead(ref one, out _));
        }
        ReadOnlySpan<byte> last = bytes.AsSpan(7, 1);
        Assert.True(reader.TryRead(ref last, out var header));
        Assert.Equal(Http3Grease.GetReserved(Http3Grease.MaxIndex), header.RawType);
    }

    [Fact]
    public void Stream_type_writers_produce_readable_headers()
    {
        var bytes = Encode(2, (ref QuicWriter w) =>
        {
            UnidirectionalStreamTypeReader.WriteStreamType(ref w, UnidirectionalStreamType.QpackDecoder);
            UnidirectionalStreamTypeReader.WriteReservedStreamType(ref w, 0);
        });
        Assert.Equal(new byte[] { 0x03, 0x21 }, bytes);
    }
}
