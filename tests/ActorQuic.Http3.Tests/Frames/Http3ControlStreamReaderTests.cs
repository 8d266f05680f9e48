using ActorQuic.Http3.Frames;
using ActorQuic.Protocol.Streams;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Frames;

public class Http3ControlStreamReaderTests
{
    private static readonly byte[] EmptySettings = Frame(0x04);

    /// <summary>Feeds all bytes (optionally byte by byte) and collects the events.</summary>
    private static List<ControlStreamEvent> Feed(Http3ControlStreamReader reader, byte[] bytes, bool byteAtATime = false)
    {
        var events = new List<ControlStreamEvent>();
        int step = byteAtATime ? 1 : Math.Max(1, bytes.Length);
        for (int i = 0; i < bytes.Length; i += step)
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(i, Math.Min(step, bytes.Length - i));
            while (reader.TryRead(ref chunk, out var ev)) events.Add(ev);
        }
        return events;
    }

    private static List<ControlStreamEvent> Feed(StreamInitiator localRole, byte[] bytes, bool byteAtATime = false)
    {
        using var reader = new Http3ControlStreamReader(localRole);
        return Feed(reader, bytes, byteAtATime);
    }

    private static void AssertError(Http3ErrorCode code, StreamInitiator localRole, byte[] bytes)
    {
        var ex = AssertH3Error(code, () => Feed(localRole, bytes));
        Assert.True(ex.IsConnectionError);
        // The same verdict when the bytes trickle in.
        AssertH3Error(code, () => Feed(localRole, bytes, byteAtATime: true));
    }

    [Fact]
    public void Settings_then_goaway_and_grease_are_reported_in_order()
    {
        byte[] bytes = Concat(
            Frame(0x04, Concat(Varint(0x06), Varint(4096), Varint(0x21), Varint(1))),
            Frame(0x21, [1, 2, 3]),
            Frame(0x07, Varint(8)),
            Frame(Http3Grease.GetReserved(5)),
            Frame(0x07, Varint(4)),
            Frame(0x07, Varint(4)));
        foreach (bool slow in new[] { false, true })
        {
            using var reader = new Http3ControlStreamReader(StreamInitiator.Client);
            var events = Feed(reader, bytes, slow);
            Assert.Equal(4, events.Count);
            Assert.Equal(ControlStreamEventKind.Settings, events[0].Kind);
            Assert.Equal(4096UL, events[0].Settings!.MaxFieldSectionSize);
            Assert.Same(events[0].Settings, reader.PeerSettings);
            Assert.Equal(ControlStreamEvent.ForGoaway(8), events[1]);
            Assert.Equal(ControlStreamEvent.ForGoaway(4), events[2]);
            Assert.Equal(ControlStreamEvent.ForGoaway(4), events[3]);
            Assert.Equal(4UL, reader.GoawayId);
        }
    }

    [Fact]
    public void First_frame_other_than_settings_is_missing_settings()
    {
        AssertError(Http3ErrorCode.MissingSettings, StreamInitiator.Server, Frame(0x07, Varint(0)));
        AssertError(Http3ErrorCode.MissingSettings, StreamInitiator.Server, Frame(0x00, [1]));
    }

    [Fact]
    public void Reserved_frame_before_settings_is_missing_settings()
    {
        AssertError(Http3ErrorCode.MissingSettings, StreamInitiator.Client, Concat(Frame(0x21), EmptySettings));
    }

    [Fact]
    public void Second_settings_is_frame_unexpected()
    {
        AssertError(Http3ErrorCode.FrameUnexpected, StreamInitiator.Client, Concat(EmptySettings, EmptySettings));
    }

    [Theory]
    [InlineData(0x00)] // DATA
    [InlineData(0x01)] // HEADERS
    [InlineData(0x05)] // PUSH_PROMISE
    public void Request_frames_on_the_control_stream_are_frame_unexpected(ulong type)
    {
        AssertError(Http3ErrorCode.FrameUnexpected, StreamInitiator.Client, Concat(EmptySettings, Frame(type, [0, 0])));
        AssertError(Http3ErrorCode.FrameUnexpected, StreamInitiator.Server, Concat(EmptySettings, Frame(type, [0, 0])));
    }

    [Fact]
    public void Huge_headers_on_the_control_stream_is_frame_unexpected_not_excessive_load()
    {
        AssertError(Http3ErrorCode.FrameUnexpected, StreamInitiator.Server, Concat(EmptySettings, Varint(0x01), Varint(1 << 20)));
    }

    [Fact]
    public void Http2_frame_on_the_control_stream_is_frame_unexpected()
    {
        AssertError(Http3ErrorCode.FrameUnexpected, StreamInitiator.Server, Concat(EmptySettings, Frame(0x08, [0, 0, 0, 1])));
    }

    [Fact]
    public void Increasing_goaway_id_is_an_id_error()
    {
        AssertError(Http3ErrorCode.IdError, StreamInitiator.Client, Concat(EmptySettings, Frame(0x07, Varint(4)), Frame(0x07, Varint(8))));
        // From a client the id is a push id and any value is acceptable, but it still may not rise.
        AssertError(Http3ErrorCode.IdError, StreamInitiator.Server, Concat(EmptySettings, Frame(0x07, Varint(2)), Frame(0x07, Varint(3))));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(7UL)]
    public void Server_goaway_naming_a_non_client_bidirectional_stream_is_an_id_error(ulong id)
    {
        AssertError(Http3ErrorCode.IdError, StreamInitiator.Client, Concat(EmptySettings, Frame(0x07, Varint(id))));
    }

    [Fact]
    public void Client_goaway_carries_any_push_id()
    {
        var events = Feed(StreamInitiator.Server, Concat(EmptySettings, Frame(0x07, Varint(7))));
        Assert.Equal(ControlStreamEvent.ForGoaway(7), events[1]);
    }

    [Fact]
    public void Max_push_id_from_a_server_is_frame_unexpected()
    {
        AssertError(Http3ErrorCode.FrameUnexpected, StreamInitiator.Client, Concat(EmptySettings, Frame(0x0d, Varint(10))));
    }

    [Fact]
    public void Max_push_id_from_a_client_may_not_decrease()
    {
        var events = Feed(StreamInitiator.Server, Concat(EmptySettings, Frame(0x0d, Varint(10)), Frame(0x0d, Varint(10)), Frame(0x0d, Varint(11))));
        Assert.Equal([ControlStreamEvent.ForMaxPushId(10), ControlStreamEvent.ForMaxPushId(10), ControlStreamEvent.ForMaxPushId(11)], events.Skip(1));
        AssertError(Http3ErrorCode.IdError, StreamInitiator.Server, Concat(EmptySettings, Frame(0x0d, Varint(10)), Frame(0x0d, Varint(9))));
    }

    [Fact]
    public void Cancel_push_is_an_id_error_because_we_never_allow_push()
    {
        AssertError(Http3ErrorCode.IdError, StreamInitiator.Client, Concat(EmptySettings, Frame(0x03, Varint(0))));
        AssertError(Http3ErrorCode.IdError, StreamInitiator.Server, Concat(EmptySettings, Frame(0x03, Varint(0))));
    }

    [Fact]
    public void Malformed_settings_payloads_keep_their_codes()
    {
        AssertError(Http3ErrorCode.SettingsError, StreamInitiator.Client, Frame(0x04, Concat(Varint(0x02), Varint(0))));
        AssertError(Http3ErrorCode.SettingsError, StreamInitiator.Client, Frame(0x04, Concat(Varint(0x06), Varint(1), Varint(0x06), Varint(1))));
        AssertError(Http3ErrorCode.FrameError, StreamInitiator.Client, Frame(0x04, Varint(0x06)));
    }

    [Fact]
    public void Oversized_settings_is_excessive_load()
    {
        using var reader = new Http3ControlStreamReader(StreamInitiator.Client, maxSettingsFrameLength: 4);
        AssertH3Error(Http3ErrorCode.ExcessiveLoad, () => Feed(reader, Frame(0x04, new byte[6])));
    }

    [Fact]
    public void Goaway_with_trailing_bytes_is_a_frame_error()
    {
        AssertError(Http3ErrorCode.FrameError, StreamInitiator.Client, Concat(EmptySettings, Frame(0x07, [0x04, 0x00])));
    }

    [Fact]
    public void Closing_the_control_stream_is_closed_critical_stream()
    {
        using var reader = new Http3ControlStreamReader(StreamInitiator.Client);
        Feed(reader, EmptySettings);
        var ex = AssertH3Error(Http3ErrorCode.ClosedCriticalStream, reader.OnStreamClosed);
        Assert.True(ex.IsConnectionError);
    }
}
