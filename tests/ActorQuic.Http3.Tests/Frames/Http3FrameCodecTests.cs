using ActorQuic.Http3.Frames;
using ActorQuic.Protocol.Wire;
using CsCheck;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Frames;

/// <summary>Every encoder's output reads back through the incremental reader and the decoders.</summary>
public class Http3FrameCodecTests
{
    private static readonly Gen<ulong> AnyVarint = Gen.OneOf(
        Gen.ULong[0, 63], Gen.ULong[64, 16383], Gen.ULong[16384, 1073741823], Gen.ULong[1073741824, QuicVarint.MaxValue]);

    private static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 300];

    /// <summary>Reads one frame from <paramref name="bytes"/> fed in two pieces, returning type and whole payload.</summary>
    private static (ulong Type, byte[] Payload) ReadSingle(byte[] bytes, int cut)
    {
        cut = Math.Min(cut, bytes.Length);
        using var reader = new Http3FrameReader();
        ulong type = ulong.MaxValue;
        var payload = new List<byte>();
        int frames = 0;
        foreach (var (start, end) in new[] { (0, cut), (cut, bytes.Length) })
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(start, end - start);
            while (reader.TryRead(ref chunk, out var ev))
            {
                if (ev.Kind == Http3FrameEventKind.FrameHeader)
                {
                    frames++;
                    type = ev.FrameType;
                    Assert.Equal((ulong)(bytes.Length - Http3FrameHeaderLength(bytes)), ev.FrameLength);
                }
                else payload.AddRange(ev.Payload.ToArray());
            }
        }
        reader.CompleteStream();
        Assert.Equal(1, frames);
        return (type, payload.ToArray());
    }

    private static int Http3FrameHeaderLength(byte[] bytes)
    {
        var r = new QuicReader(bytes);
        Assert.True(r.TryReadVarint(out _));
        Assert.True(r.TryReadVarint(out _));
        return r.Position;
    }

    [Fact]
    public void Data_round_trips()
    {
        Gen.Select(Bytes, Gen.Int[0, 400]).Sample((payload, cutSeed) =>
        {
            byte[] bytes = Encode(DataFrame.GetEncodedLength(payload.Length), (ref QuicWriter w) => DataFrame.Encode(ref w, payload));
            var (type, read) = ReadSingle(bytes, cutSeed % (bytes.Length + 1));
            Assert.Equal((ulong)Http3FrameType.Data, type);
            Assert.Equal(payload, read);
        }, seed: Seed);
    }

    [Fact]
    public void Data_header_written_alone_prefixes_streamed_content()
    {
        byte[] content = [1, 2, 3, 4, 5];
        byte[] header = Encode(DataFrame.GetHeaderLength(5), (ref QuicWriter w) => DataFrame.EncodeHeader(ref w, 5));
        var (type, read) = ReadSingle(Concat(header, content), header.Length);
        Assert.Equal(0UL, type);
        Assert.Equal(content, read);
    }

    [Fact]
    public void Headers_round_trip()
    {
        Gen.Select(Bytes, Gen.Int[0, 400]).Sample((section, cutSeed) =>
        {
            byte[] bytes = Encode(HeadersFrame.GetEncodedLength(section.Length), (ref QuicWriter w) => HeadersFrame.Encode(ref w, section));
            var (type, read) = ReadSingle(bytes, cutSeed % (bytes.Length + 1));
            Assert.Equal((ulong)Http3FrameType.Headers, type);
            Assert.Equal(section, read);
        }, seed: Seed);
    }

    [Fact]
    public void Push_promise_round_trips()
    {
        Gen.Select(AnyVarint, Bytes, Gen.Int[0, 400]).Sample((pushId, section, cutSeed) =>
        {
            byte[] bytes = Encode(PushPromiseFrame.GetEncodedLength(pushId, section.Length),
                (ref QuicWriter w) => PushPromiseFrame.Encode(ref w, pushId, section));
            var (type, payload) = ReadSingle(bytes, cutSeed % (bytes.Length + 1));
            Assert.Equal((ulong)Http3FrameType.PushPromise, type);
            Assert.Equal(pushId, PushPromiseFrame.Decode(payload, out var readSection));
            Assert.Equal(section, readSection.ToArray());
        }, seed: Seed);
    }

    [Fact]
    public void Push_promise_without_a_whole_push_id_is_a_frame_error()
    {
        AssertH3Error(Http3ErrorCode.FrameError, () => PushPromiseFrame.Decode([], out _));
        AssertH3Error(Http3ErrorCode.FrameError, () => PushPromiseFrame.Decode([0x80, 0x01], out _));
    }

    [Fact]
    public void Goaway_cancel_push_and_max_push_id_round_trip()
    {
        Gen.Select(AnyVarint, Gen.Int[0, 20]).Sample((id, cutSeed) =>
        {
            var goaway = new GoawayFrame(id);
            var (type, payload) = ReadSingle(Encode(goaway.GetEncodedLength(), goaway.Encode), cutSeed % 4);
            Assert.Equal((ulong)Http3FrameType.Goaway, type);
            Assert.Equal(goaway, GoawayFrame.Decode(payload));

            var cancel = new CancelPushFrame(id);
            (type, payload) = ReadSingle(Encode(cancel.GetEncodedLength(), cancel.Encode), cutSeed % 5);
            Assert.Equal((ulong)Http3FrameType.CancelPush, type);
            Assert.Equal(cancel, CancelPushFrame.Decode(payload));

            var max = new MaxPushIdFrame(id);
            (type, payload) = ReadSingle(Encode(max.GetEncodedLength(), max.Encode), cutSeed % 6);
            Assert.Equal((ulong)Http3FrameType.MaxPushId, type);
            Assert.Equal(max, MaxPushIdFrame.Decode(payload));
        }, seed: Seed);
    }

    [Fact]
    public void Single_varint_payloads_with_extra_or_missing_bytes_are_frame_errors()
    {
        AssertH3Error(Http3ErrorCode.FrameError, () => GoawayFrame.Decode([0x01, 0x02]));
        AssertH3Error(Http3ErrorCode.FrameError, () => CancelPushFrame.Decode([0x40]));
        AssertH3Error(Http3ErrorCode.FrameError, () => MaxPushIdFrame.Decode([]));
        // A longer-than-needed varint is still exactly one varint (RFC 9000 §16).
        Assert.Equal(5UL, GoawayFrame.Decode([0x40, 0x05]).Id);
    }

    [Fact]
    public void Settings_round_trip_through_the_reader()
    {
        var gen = Gen.Select(Gen.Bool, AnyVarint, AnyVarint, AnyVarint, Gen.ULong[0, 1000], Gen.Int[0, 100]);
        gen.Sample((hasMax, max, capacity, blocked, greaseSeed, cutSeed) =>
        {
            var settings = new Http3Settings
            {
                MaxFieldSectionSize = hasMax ? max : null,
                QpackMaxTableCapacity = capacity,
                QpackBlockedStreams = blocked,
            }.WithGrease(greaseSeed * 0x1_0001);
            byte[] bytes = Encode(settings.GetEncodedLength(), settings.Encode);
            var (type, payload) = ReadSingle(bytes, cutSeed % (bytes.Length + 1));
            Assert.Equal((ulong)Http3FrameType.Settings, type);
            Assert.Equal(settings with { GreaseSetting = null }, Http3Settings.Decode(payload));
        }, seed: Seed);
    }

    [Fact]
    public void Reserved_frames_encode_reserved_types_that_readers_skip()
    {
        Gen.Select(Gen.ULong[0, Http3Grease.MaxIndex], Bytes).Sample((n, payload) =>
        {
            byte[] bytes = Concat(
                Encode(ReservedFrame.GetEncodedLength(n, payload.Length), (ref QuicWriter w) => ReservedFrame.Encode(ref w, n, payload)),
                Frame(0x01, [7]));
            var frames = ReadFrames(bytes, [bytes.Length / 2]);
            Assert.Equal([$"type=0x{Http3Grease.GetReserved(n):x} len={payload.Length} skipped ", "type=0x1 len=1 buffered 07"], frames);
            Assert.True(Http3Grease.IsReserved(Http3Grease.GetReserved(n)));
        }, seed: Seed);
    }

    [Fact]
    public void Grease_values_follow_the_0x1f_n_plus_0x21_pattern()
    {
        Assert.Equal(0x21UL, Http3Grease.GetReserved(0));
        Assert.Equal(0x40UL, Http3Grease.GetReserved(1));
        Assert.Equal(0x3ffffffffffffffeUL, Http3Grease.GetReserved(Http3Grease.MaxIndex));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http3Grease.GetReserved(Http3Grease.MaxIndex + 1));
        Assert.False(Http3Grease.IsReserved(0x20));
        Assert.False(Http3Grease.IsReserved(0x41));
        Assert.False(Http3Grease.IsReserved(0));
    }

    [Fact]
    public void Frame_header_record_encodes_type_and_length()
    {
        var header = new Http3FrameHeader(0x1234, 70);
        byte[] bytes = Encode(header.GetEncodedLength(), header.Encode);
        Assert.Equal(Concat(Varint(0x1234), Varint(70)), bytes);
    }
}
