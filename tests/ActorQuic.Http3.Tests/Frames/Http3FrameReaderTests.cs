using ActorQuic.Http3.Frames;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Frames;

public class Http3FrameReaderTests
{
    /// <summary>A stream with every frame kind: buffered, streamed, skipped, empty, multi-byte varints.</summary>
    private static byte[] MixedStream() => Concat(
        Frame(0x01, [0xaa, 0xbb, 0xcc]),                          // HEADERS
        Frame(0x21, [1, 2, 3, 4]),                                // reserved (N = 0)
        Frame(0x00, Enumerable.Range(0, 70).Select(i => (byte)i).ToArray()), // DATA with a 2-byte length
        Frame(0x00),                                              // empty DATA
        Frame(0x07, [0x04]),                                      // GOAWAY
        Frame(Http3Grease.GetReserved(1000), new byte[300]),      // reserved with 4-byte type, 2-byte length
        Frame(0x04),                                              // empty SETTINGS
        Frame(0x01, new byte[200]),                               // HEADERS with a 2-byte length
        Frame(0x0d, Varint(1UL << 40)));                          // MAX_PUSH_ID with an 8-byte varint

    [Fact]
    public void Whole_stream_in_one_chunk_yields_each_frame()
    {
        var frames = ReadFrames(MixedStream(), []);

        Assert.Equal(9, frames.Count);
        Assert.Equal("type=0x1 len=3 buffered AABBCC", frames[0]);
        Assert.Equal("type=0x21 len=4 skipped ", frames[1]);
        Assert.StartsWith("type=0x0 len=70 streamed 000102", frames[2]);
        Assert.Equal("type=0x0 len=0 streamed ", frames[3]);
        Assert.Equal("type=0x7 len=1 buffered 04", frames[4]);
        Assert.Equal($"type=0x{Http3Grease.GetReserved(1000):x} len=300 skipped ", frames[5]);
        Assert.Equal("type=0x4 len=0 buffered ", frames[6]);
        Assert.StartsWith("type=0x1 len=200 buffered 0000", frames[7]);
        Assert.Equal($"type=0xd len=8 buffered {Convert.ToHexString(Varint(1UL << 40))}", frames[8]);
    }

    [Fact]
    public void Every_single_split_point_gives_the_same_frames()
    {
        byte[] bytes = MixedStream();
        var expected = ReadFrames(bytes, []);
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            Assert.Equal(expected, ReadFrames(bytes, [cut]));
        }
    }

    [Fact]
    public void Every_pair_of_split_points_gives_the_same_frames()
    {
        byte[] bytes = MixedStream();
        var expected = ReadFrames(bytes, []);
        for (int a = 0; a <= bytes.Length; a += 3)
        {
            for (int b = a; b <= bytes.Length; b += 7)
            {
                Assert.Equal(expected, ReadFrames(bytes, [a, b]));
            }
        }
    }

    [Fact]
    public void Byte_at_a_time_gives_the_same_frames()
    {
        byte[] bytes = MixedStream();
        Assert.Equal(ReadFrames(bytes, []), ReadFrames(bytes, ByteAtATime(bytes.Length)));
    }

    [Fact]
    public void Data_payload_is_streamed_as_slices_of_the_input_without_waiting_for_the_frame()
    {
        using var reader = new Http3FrameReader();
        byte[] header = Concat(Varint(0x00), Varint(1_000_000));
        ReadOnlySpan<byte> input = Concat(header, [9, 8, 7]);

        Assert.True(reader.TryRead(ref input, out var ev));
        Assert.Equal(Http3FrameEventKind.FrameHeader, ev.Kind);
        Assert.Equal(1_000_000UL, ev.FrameLength);
        Assert.True(reader.TryRead(ref input, out ev));
        Assert.Equal(Http3FrameEventKind.DataChunk, ev.Kind);
        Assert.Equal(new byte[] { 9, 8, 7 }, ev.Payload.ToArray());
        Assert.False(reader.TryRead(ref input, out _));
        Assert.False(reader.IsAtFrameBoundary);
    }

    [Fact]
    public void Unknown_frames_are_skipped_without_buffering_even_when_huge()
    {
        using var reader = new Http3FrameReader(maxFieldSectionFrameLength: 10, maxSettingsFrameLength: 10);
        byte[] header = Concat(Varint(0x1234_5678), Varint(1UL << 50));
        ReadOnlySpan<byte> input = header;
        Assert.True(reader.TryRead(ref input, out var ev));
        Assert.Equal(0x1234_5678UL, ev.FrameType);
        var junk = new byte[64 * 1024];
        for (int i = 0; i < 16; i++)
        {
            ReadOnlySpan<byte> chunk = junk;
            Assert.False(reader.TryRead(ref chunk, out _));
            Assert.True(chunk.IsEmpty);
        }
    }

    [Fact]
    public void Reserved_frame_types_of_every_size_are_skipped()
    {
        foreach (ulong n in new ulong[] { 0, 1, 2, 100, 1_000_000, Http3Grease.MaxIndex })
        {
            ulong type = Http3Grease.GetReserved(n);
            byte[] bytes = Concat(Frame(type, [1, 2, 3]), Frame(0x01, [0x42]));
            var frames = ReadFrames(bytes, ByteAtATime(bytes.Length));
            Assert.Equal([$"type=0x{type:x} len=3 skipped ", "type=0x1 len=1 buffered 42"], frames);
        }
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x06)]
    [InlineData(0x08)]
    [InlineData(0x09)]
    public void Http2_frame_types_are_frame_unexpected(ulong type)
    {
        using var reader = new Http3FrameReader();
        AssertH3Error(Http3ErrorCode.FrameUnexpected, () =>
        {
            ReadOnlySpan<byte> input = Frame(type, [0]);
            while (reader.TryRead(ref input, out _)) { }
        });
    }

    [Fact]
    public void Headers_larger_than_the_limit_are_excessive_load_before_buffering()
    {
        using var reader = new Http3FrameReader(maxFieldSectionFrameLength: 100);
        ReadOnlySpan<byte> input = Concat(Varint(0x01), Varint(101));
        Assert.True(reader.TryRead(ref input, out var ev));
        Assert.Equal(Http3FrameEventKind.FrameHeader, ev.Kind);
        AssertH3Error(Http3ErrorCode.ExcessiveLoad, () =>
        {
            ReadOnlySpan<byte> more = [1];
            reader.TryRead(ref more, out _);
        });
    }

    [Fact]
    public void Headers_at_the_limit_are_buffered()
    {
        using var reader = new Http3FrameReader(maxFieldSectionFrameLength: 100);
        byte[] bytes = Frame(0x01, new byte[100]);
        Assert.Equal("type=0x1 len=100 buffered " + new string('0', 200), ReadFrames(reader, bytes, ByteAtATime(bytes.Length)).Single());
    }

    [Fact]
    public void Push_promise_larger_than_the_limit_is_excessive_load()
    {
        using var reader = new Http3FrameReader(maxFieldSectionFrameLength: 5);
        AssertH3Error(Http3ErrorCode.ExcessiveLoad, () => ReadFrames(reader, Frame(0x05, new byte[6]), []));
    }

    [Fact]
    public void Settings_larger_than_the_limit_is_excessive_load()
    {
        using var reader = new Http3FrameReader(maxSettingsFrameLength: 8);
        AssertH3Error(Http3ErrorCode.ExcessiveLoad, () => ReadFrames(reader, Frame(0x04, new byte[10]), []));
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x07)]
    [InlineData(0x0d)]
    public void Single_varint_frames_with_impossible_lengths_are_frame_errors(ulong type)
    {
        AssertH3Error(Http3ErrorCode.FrameError, () => ReadFrames(Frame(type), []));
        AssertH3Error(Http3ErrorCode.FrameError, () => ReadFrames(Frame(type, new byte[9]), []));
    }

    [Fact]
    public void Stream_ending_inside_a_frame_is_a_frame_error()
    {
        byte[] bytes = Concat(Frame(0x01, [1, 2, 3]), Frame(0x00, [4, 5]));
        for (int end = 1; end < bytes.Length; end++)
        {
            using var reader = new Http3FrameReader();
            ReadFrames(reader, bytes[..end], []);
            if (end == 5)
            {
                reader.CompleteStream(); // exactly after the first frame
                continue;
            }
            AssertH3Error(Http3ErrorCode.FrameError, reader.CompleteStream);
        }
    }

    [Fact]
    public void A_buffered_payload_split_across_chunks_is_reassembled_and_a_large_buffer_is_released()
    {
        using var reader = new Http3FrameReader();
        var payload = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        byte[] bytes = Concat(Frame(0x01, payload), Frame(0x01, [1]));
        var frames = ReadFrames(reader, bytes, [3, 5000, 9000]);
        Assert.Equal($"type=0x1 len=10000 buffered {Convert.ToHexString(payload)}", frames[0]);
        Assert.Equal("type=0x1 len=1 buffered 01", frames[1]);
        Assert.True(reader.IsAtFrameBoundary);
    }
}
