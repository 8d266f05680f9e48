using ActorQuic.Http3.Frames;
using ActorQuic.Http3.Messages;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Messages;

public class Http3MessageStreamReaderTests
{
    /// <summary>Feeds <paramref name="bytes"/> cut at <paramref name="cuts"/>; returns "part:hex" lines with content joined.</summary>
    private static List<string> Read(Http3MessageStreamReader reader, byte[] bytes, IEnumerable<int> cuts)
    {
        var lines = new List<string>();
        int start = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(start, cut - start);
            start = cut;
            while (reader.TryRead(ref chunk, out var ev))
            {
                string hex = Convert.ToHexString(ev.Payload);
                if (ev.Part == Http3MessagePart.Content && lines.Count > 0 && lines[^1].StartsWith("Content:", StringComparison.Ordinal))
                    lines[^1] += hex;
                else
                    lines.Add($"{ev.Part}:{hex}");
            }
        }
        return lines;
    }

    private static readonly byte[] Message = Concat(
        Frame(0x21, [9, 9]),
        Frame(0x01, [0xaa, 0xbb]),
        Frame(0x00, [1, 2, 3]),
        Frame(Http3Grease.GetReserved(3000), new byte[40]),
        Frame(0x00, [4, 5]),
        Frame(0x01, [0xcc]));

    [Fact]
    public void A_message_reads_the_same_at_every_split_point()
    {
        using var whole = new Http3MessageStreamReader(Http3MessageDirection.Request);
        var expected = Read(whole, Message, []);
        whole.CompleteStream();
        Assert.Equal(["HeaderSection:AABB", "Content:0102030405", "TrailerSection:CC"], expected);

        for (int cut = 0; cut <= Message.Length; cut++)
        {
            using var reader = new Http3MessageStreamReader(Http3MessageDirection.Request);
            Assert.Equal(expected, Read(reader, Message, [cut]));
            reader.CompleteStream();
        }
        using var slow = new Http3MessageStreamReader(Http3MessageDirection.Request);
        Assert.Equal(expected, Read(slow, Message, ByteAtATime(Message.Length)));
        slow.CompleteStream();
    }

    [Fact]
    public void Content_is_counted_against_content_length()
    {
        using var reader = new Http3MessageStreamReader(Http3MessageDirection.Request);
        Read(reader, Concat(Frame(0x01, [0xaa])), []);
        reader.Sequence.SetContentLength(4);
        Read(reader, Frame(0x00, [1, 2, 3]), []);
        Assert.Equal(3, reader.Sequence.ContentReceived);
        Fields.AssertMalformed(reader.CompleteStream);
    }

    [Fact]
    public void Content_length_exceeded_mid_frame_is_malformed()
    {
        using var reader = new Http3MessageStreamReader(Http3MessageDirection.Request);
        Read(reader, Frame(0x01, [0xaa]), []);
        reader.Sequence.SetContentLength(2);
        Fields.AssertMalformed(() => Read(reader, Frame(0x00, [1, 2, 3]), [4]));
    }

    [Fact]
    public void Truncated_frame_at_end_of_stream_is_a_frame_error()
    {
        using var reader = new Http3MessageStreamReader(Http3MessageDirection.Request);
        Read(reader, Concat(Frame(0x01, [0xaa]), [0x00, 0x05, 1]), []);
        AssertH3Error(Http3ErrorCode.FrameError, reader.CompleteStream);
    }

    [Fact]
    public void Settings_on_a_request_stream_is_frame_unexpected_whatever_its_size()
    {
        using var reader = new Http3MessageStreamReader(Http3MessageDirection.Request);
        AssertH3Error(Http3ErrorCode.FrameUnexpected, () => Read(reader, Concat(Frame(0x01, [0xaa]), Frame(0x04, new byte[100])), []));
    }

    [Fact]
    public void Oversized_header_section_is_excessive_load()
    {
        using var reader = new Http3MessageStreamReader(Http3MessageDirection.Response, maxFieldSectionFrameLength: 16);
        AssertH3Error(Http3ErrorCode.ExcessiveLoad, () => Read(reader, Frame(0x01, new byte[17]), []));
    }

    [Fact]
    public void Interim_response_then_final_response()
    {
        using var reader = new Http3MessageStreamReader(Http3MessageDirection.Response);
        Assert.Equal(["HeaderSection:01"], Read(reader, Frame(0x01, [0x01]), []));
        reader.Sequence.OnInterimResponse();
        Assert.Equal(["HeaderSection:02", "Content:07"], Read(reader, Concat(Frame(0x01, [0x02]), Frame(0x00, [7])), []));
        reader.CompleteStream();
    }
}
