using ActorQuic.Http3.Connection;
using ActorQuic.Http3.QPack;
using ActorQuic.Http3.Tests.Frames;
using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Tests.Connection;

/// <summary>Raw peer bytes against one connection: each RFC 9114 rule yields the right abort or close.</summary>
public sealed class Http3ConnectionErrorTests
{
    private static readonly byte[] EmptySettings = H3Wire.Frame(0x04);

    /// <summary>A server that has seen a well-formed client control stream (id 2).</summary>
    internal static (Http3Connection Server, List<Http3Output> Out) Server()
    {
        var server = new Http3Connection(FakeQuicLink.Options(StreamInitiator.Server));
        var outputs = new List<Http3Output>();
        server.OnStreamData(2, H3Wire.Concat([0x00], EmptySettings), fin: false);
        Drain(server, outputs);
        return (server, outputs);
    }

    internal static (Http3Connection Client, List<Http3Output> Out) Client()
    {
        var client = new Http3Connection(FakeQuicLink.Options(StreamInitiator.Client));
        var outputs = new List<Http3Output>();
        client.OnStreamData(3, H3Wire.Concat([0x00], EmptySettings), fin: false);
        Drain(client, outputs);
        return (client, outputs);
    }

    internal static void Drain(Http3Connection c, List<Http3Output> outputs)
    {
        while (c.TryTakeOutput(out var o)) outputs.Add(o);
    }

    internal static byte[] Headers(long streamId, params (string Name, string Value)[] fields)
    {
        var lines = fields.Select(f => new HeaderField(f.Name, f.Value)).ToList();
        return H3Wire.Frame(0x01, new QPackEncoder().EncodeFieldSection(streamId, lines));
    }

    internal static byte[] GetHeaders(long streamId) =>
        Headers(streamId, (":method", "GET"), (":scheme", "https"), (":authority", "a.example"), (":path", "/"));

    private static Http3CloseConnection Closed(Http3Connection c, List<Http3Output> outputs)
    {
        Drain(c, outputs);
        Assert.True(c.IsClosed);
        return Assert.Single(outputs.OfType<Http3CloseConnection>());
    }

    private static void AssertOpen(Http3Connection c, List<Http3Output> outputs)
    {
        Drain(c, outputs);
        Assert.False(c.IsClosed);
        Assert.Empty(outputs.OfType<Http3CloseConnection>());
    }

    [Fact]
    public void Settings_from_the_peer_are_applied_and_reported()
    {
        var (server, outputs) = Server();
        Assert.Single(outputs.OfType<Http3SettingsReceived>());
        Assert.NotNull(server.PeerSettings);
        // Our own control stream opened with its type, SETTINGS (QPACK limits and a grease setting).
        var control = outputs.OfType<Http3StreamWrite>().First(w => w.StreamId == 3).Data;
        Assert.Equal(0x00, control[0]);
        Assert.Equal(0x04, control[1]);
        Assert.NotNull(server.LocalSettings.GreaseSetting);
        Assert.Equal(4096UL, server.LocalSettings.QpackMaxTableCapacity);
        Assert.Contains(outputs.OfType<Http3StreamWrite>(), w => w.StreamId == 7 && w.Data.SequenceEqual(new byte[] { 0x02 }));
        Assert.Contains(outputs.OfType<Http3StreamWrite>(), w => w.StreamId == 11 && w.Data.SequenceEqual(new byte[] { 0x03 }));
    }

    [Fact]
    public void Reserved_stream_types_grease_frames_and_grease_settings_are_ignored()
    {
        var server = new Http3Connection(FakeQuicLink.Options(StreamInitiator.Server));
        var outputs = new List<Http3Output>();
        // Control stream: SETTINGS with a reserved setting, then a reserved frame and an unknown one.
        byte[] settings = H3Wire.Frame(0x04, H3Wire.Concat(H3Wire.Varint(0x21 + 0x1f * 5), H3Wire.Varint(77), [0x06, 0x40, 0x64]));
        server.OnStreamData(2, H3Wire.Concat([0x00], settings, H3Wire.Frame(0x21 + 0x1f * 3, 1, 2, 3), H3Wire.Frame(0x2a, 9)), fin: false);
        // A reserved stream type: discarded with STOP_SENDING, its content never parsed.
        server.OnStreamData(14, H3Wire.Concat(H3Wire.Varint(0x21 + 0x1f * 9), [0xff, 0xff, 0xff]), fin: false);
        server.OnStreamData(14, [0x01, 0x02], fin: true);
        // An unknown (extension) stream type too.
        server.OnStreamData(18, H3Wire.Concat(H3Wire.Varint(0x54), [0x00]), fin: true);
        // A request with grease frames before and after its HEADERS.
        server.OnStreamData(0, H3Wire.Concat(H3Wire.Frame(0x21, 5), GetHeaders(0), H3Wire.Frame(0x21 + 0x1f, 1, 2)), fin: true);

        AssertOpen(server, outputs);
        Assert.Equal(100UL, Assert.Single(outputs.OfType<Http3SettingsReceived>()).Settings.MaxFieldSectionSize);
        Assert.Equal([14L, 18L], outputs.OfType<Http3StopSending>().Select(s => s.StreamId).ToArray());
        Assert.All(outputs.OfType<Http3StopSending>(), s => Assert.Equal(Http3ErrorCode.StreamCreationError, s.ErrorCode));
        Assert.Equal("/", Assert.Single(outputs.OfType<Http3RequestReceived>()).Request.Path);
    }

    [Theory]
    [InlineData(2)]  // control
    [InlineData(6)]  // QPACK encoder
    [InlineData(10)] // QPACK decoder
    public void Closing_a_critical_stream_is_H3_CLOSED_CRITICAL_STREAM(long streamId)
    {
        var (server, outputs) = Server();
        if (streamId != 2) server.OnStreamData(streamId, [(byte)(streamId == 6 ? 0x02 : 0x03)], fin: false);
        server.OnStreamData(streamId, [], fin: true);
        Assert.Equal(Http3ErrorCode.ClosedCriticalStream, Closed(server, outputs).ErrorCode);

        var (other, outputs2) = Server();
        if (streamId != 2) other.OnStreamData(streamId, [(byte)(streamId == 6 ? 0x02 : 0x03)], fin: false);
        other.OnStreamReset(streamId, 0x100);
        Assert.Equal(Http3ErrorCode.ClosedCriticalStream, Closed(other, outputs2).ErrorCode);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x02)]
    [InlineData(0x03)]
    public void A_second_control_or_QPACK_stream_is_H3_STREAM_CREATION_ERROR(byte type)
    {
        var (server, outputs) = Server();
        // Server() already accepted the control stream on 2; open the first QPACK stream of this type.
        if (type != 0) server.OnStreamData(6, [type], fin: false);
        AssertOpen(server, outputs);
        server.OnStreamData(14, type == 0 ? H3Wire.Concat([type], EmptySettings) : [type], fin: false);
        Assert.Equal(Http3ErrorCode.StreamCreationError, Closed(server, outputs).ErrorCode);
    }

    [Fact]
    public void A_push_stream_from_a_client_and_a_server_bidirectional_stream_are_creation_errors()
    {
        var (server, outputs) = Server();
        server.OnStreamData(6, [0x01, 0x00], fin: false);
        Assert.Equal(Http3ErrorCode.StreamCreationError, Closed(server, outputs).ErrorCode);

        var (client, clientOut) = Client();
        client.OnStreamData(1, GetHeaders(1), fin: true);
        Assert.Equal(Http3ErrorCode.StreamCreationError, Closed(client, clientOut).ErrorCode);
    }

    public static TheoryData<string, long, byte[], Http3ErrorCode> WrongStreamFrames => new()
    {
        { "DATA on control", 2, H3Wire.Frame(0x00, 1), Http3ErrorCode.FrameUnexpected },
        { "HEADERS on control", 2, H3Wire.Frame(0x01, 1), Http3ErrorCode.FrameUnexpected },
        { "second SETTINGS", 2, EmptySettings, Http3ErrorCode.FrameUnexpected },
        { "PUSH_PROMISE on control", 2, H3Wire.Frame(0x05, 0, 0), Http3ErrorCode.FrameUnexpected },
        { "HTTP/2 PING on control", 2, H3Wire.Frame(0x06, 0), Http3ErrorCode.FrameUnexpected },
        { "SETTINGS on a request", 0, EmptySettings, Http3ErrorCode.FrameUnexpected },
        { "GOAWAY on a request", 0, H3Wire.Frame(0x07, 0), Http3ErrorCode.FrameUnexpected },
        { "DATA before HEADERS", 0, H3Wire.Frame(0x00, 1, 2), Http3ErrorCode.FrameUnexpected },
        { "PUSH_PROMISE from a client", 0, H3Wire.Frame(0x05, 0, 0), Http3ErrorCode.FrameUnexpected },
        { "CANCEL_PUSH never promised", 2, H3Wire.Frame(0x03, 0), Http3ErrorCode.IdError },
    };

    [Theory]
    [MemberData(nameof(WrongStreamFrames))]
    public void Frames_on_the_wrong_stream_close_the_connection(string what, long streamId, byte[] bytes, Http3ErrorCode expected)
    {
        var (server, outputs) = Server();
        server.OnStreamData(streamId, bytes, fin: false);
        Assert.True(expected == Closed(server, outputs).ErrorCode, what);
    }

    [Fact]
    public void A_control_stream_not_starting_with_SETTINGS_is_H3_MISSING_SETTINGS()
    {
        var server = new Http3Connection(FakeQuicLink.Options(StreamInitiator.Server));
        var outputs = new List<Http3Output>();
        server.OnStreamData(2, H3Wire.Concat([0x00], H3Wire.Frame(0x07, 0)), fin: false);
        Assert.Equal(Http3ErrorCode.MissingSettings, Closed(server, outputs).ErrorCode);
    }

    public static TheoryData<string, byte[]> MalformedRequests => new()
    {
        { "uppercase name", H3Wire.Concat(Headers(0, (":method", "GET"), (":scheme", "https"), (":authority", "a"), (":path", "/"), ("X-Upper", "1"))) },
        { "no :method", Headers(0, (":scheme", "https"), (":authority", "a"), (":path", "/")) },
        { "connection-specific field", Headers(0, (":method", "GET"), (":scheme", "https"), (":authority", "a"), (":path", "/"), ("connection", "close")) },
        { "content-length mismatch", H3Wire.Concat(Headers(0, (":method", "POST"), (":scheme", "https"), (":authority", "a"), (":path", "/"), ("content-length", "5")), H3Wire.Frame(0x00, 1, 2)) },
        { "pseudo-header in trailers", H3Wire.Concat(GetHeaders(0), Headers(0, (":path", "/x"))) },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Malformed_requests_reset_only_their_stream_with_H3_MESSAGE_ERROR(string what, byte[] bytes)
    {
        var (server, outputs) = Server();
        server.OnStreamData(0, bytes, fin: true);
        AssertOpen(server, outputs);
        var abort = Assert.Single(outputs.OfType<Http3AbortStream>());
        Assert.True(abort.StreamId == 0 && abort.ErrorCode == Http3ErrorCode.MessageError, what);
        Assert.DoesNotContain(outputs, o => o is Http3DataReceived { Fin: true });

        // The connection keeps serving other requests.
        server.OnStreamData(4, GetHeaders(4), fin: true);
        Drain(server, outputs);
        Assert.Contains(outputs, o => o is Http3RequestReceived { StreamId: 4 });
    }

    [Fact]
    public void A_truncated_frame_at_fin_closes_and_an_incomplete_request_resets()
    {
        var (server, outputs) = Server();
        server.OnStreamData(0, [], fin: true);
        Drain(server, outputs);
        Assert.Equal(Http3ErrorCode.RequestIncomplete, Assert.Single(outputs.OfType<Http3AbortStream>()).ErrorCode);

        var headers = GetHeaders(4);
        server.OnStreamData(4, headers.AsSpan(0, headers.Length - 1), fin: true);
        Assert.Equal(Http3ErrorCode.FrameError, Closed(server, outputs).ErrorCode);
    }

    [Fact]
    public void Requests_at_or_above_a_sent_GOAWAY_are_rejected()
    {
        var (server, outputs) = Server();
        server.OnStreamData(4, GetHeaders(4), fin: true);
        server.Shutdown();
        Drain(server, outputs);
        var goaway = outputs.OfType<Http3StreamWrite>().Last(w => w.StreamId == 3).Data;
        Assert.Equal(new byte[] { 0x07, 0x01, 0x08 }, goaway);

        server.OnStreamData(0, GetHeaders(0), fin: true); // below the id: still processed
        server.OnStreamData(8, GetHeaders(8), fin: true);
        server.OnStreamData(12, GetHeaders(12), fin: false);
        AssertOpen(server, outputs);
        Assert.Equal([4L, 0L], outputs.OfType<Http3RequestReceived>().Select(r => r.StreamId).ToArray());
        Assert.Equal([8L, 12L], outputs.OfType<Http3AbortStream>().Select(a => a.StreamId).ToArray());
        Assert.All(outputs.OfType<Http3AbortStream>(), a => Assert.Equal(Http3ErrorCode.RequestRejected, a.ErrorCode));
    }

    [Fact]
    public void A_GOAWAY_id_that_increases_or_is_not_a_client_stream_is_H3_ID_ERROR()
    {
        var (client, outputs) = Client();
        client.OnStreamData(3, H3Wire.Frame(0x07, 0x08), fin: false);
        AssertOpen(client, outputs);
        Assert.Equal(8UL, client.ReceivedGoawayId);
        client.OnStreamData(3, H3Wire.Frame(0x07, 0x0c), fin: false);
        Assert.Equal(Http3ErrorCode.IdError, Closed(client, outputs).ErrorCode);

        var (other, outputs2) = Client();
        other.OnStreamData(3, H3Wire.Frame(0x07, 0x02), fin: false);
        Assert.Equal(Http3ErrorCode.IdError, Closed(other, outputs2).ErrorCode);
    }

    [Fact]
    public void A_peer_reset_of_a_request_stream_cancels_it_at_the_QPACK_decoder()
    {
        var link = new FakeQuicLink(41);
        link.Pump();
        link.Hold(toServer: true, 6);
        link.Client.SendRequest(0, Http3ConnectionFlowTests.Get("/", new ActorQuic.Http3.Messages.Http3Field("x-big", "dynamic-table-entry")), endStream: false);
        link.Pump();
        int decoderBytes = link.BytesWritten[(false, 11)];
        // The client gives up on the blocked request: the server's decoder sends Stream Cancellation (RFC 9204 §4.4.2).
        link.Client.AbortStream(0, Http3ErrorCode.RequestCancelled);
        link.Pump();
        Assert.Equal((ulong)Http3ErrorCode.RequestCancelled, Assert.Single(Http3ConnectionFlowTests.Of<Http3StreamResetReceived>(link.ServerEvents)).ErrorCode);
        Assert.True(link.BytesWritten[(false, 11)] > decoderBytes);
        Assert.Empty(Http3ConnectionFlowTests.Of<Http3RequestReceived>(link.ServerEvents));
        link.Release(toServer: true, 6);
        link.Pump();
        Assert.Empty(Http3ConnectionFlowTests.Of<Http3RequestReceived>(link.ServerEvents));
        Assert.Empty(Http3ConnectionFlowTests.Of<Http3CloseConnection>(link.ServerEvents));
        Assert.Empty(Http3ConnectionFlowTests.Of<Http3CloseConnection>(link.ClientEvents));
    }

    [Fact]
    public void Sends_on_a_stream_the_peer_reset_return_false_instead_of_throwing()
    {
        var (server, outputs) = Server();
        server.OnStreamData(0, GetHeaders(0), fin: false);
        server.OnStreamReset(0, (ulong)Http3ErrorCode.RequestCancelled);
        Drain(server, outputs);
        Assert.Equal(0L, Assert.Single(outputs.OfType<Http3StreamResetReceived>()).StreamId);
        Assert.False(server.SendResponse(0, new ActorQuic.Http3.Messages.Http3Response(200, [], null), endStream: true));
        Assert.False(server.SendData(0, "x"u8, endStream: true));
        // Late bytes for the reset stream are not a new request.
        server.OnStreamData(0, GetHeaders(0), fin: true);
        AssertOpen(server, outputs);
        Assert.Single(outputs.OfType<Http3RequestReceived>());
    }

    [Fact]
    public void A_HEAD_response_has_no_content_whatever_content_length_says_and_no_push_frames_are_ever_sent()
    {
        var link = new FakeQuicLink(51);
        link.Client.SendRequest(0, new ActorQuic.Http3.Messages.Http3Request("HEAD", "https", "a", "/", [], null), endStream: true);
        link.Pump();
        link.Server.SendResponse(0, new ActorQuic.Http3.Messages.Http3Response(200, [new ActorQuic.Http3.Messages.Http3Field("content-length", "1000")], 1000), endStream: true);
        link.Pump();
        Assert.Equal(1000, Assert.Single(Http3ConnectionFlowTests.Of<Http3ResponseReceived>(link.ClientEvents)).Response.ContentLength);
        Assert.True(Http3ConnectionFlowTests.Finished(link.ClientEvents, 0));
        Assert.Empty(Http3ConnectionFlowTests.Of<Http3AbortStream>(link.ClientEvents));

        // Parse each side's control stream as its peer does: SETTINGS only, never MAX_PUSH_ID (§4.6).
        foreach (var (toServer, id) in new[] { (true, 2L), (false, 3L) })
        {
            var bytes = link.Deliveries.Where(d => d.ToServer == toServer && d.StreamId == id).SelectMany(d => d.Data).ToArray();
            Assert.Equal(0x00, bytes[0]);
            using var reader = new ActorQuic.Http3.Frames.Http3ControlStreamReader(toServer ? StreamInitiator.Server : StreamInitiator.Client);
            ReadOnlySpan<byte> rest = bytes.AsSpan(1);
            var kinds = new List<ActorQuic.Http3.Frames.ControlStreamEventKind>();
            while (reader.TryRead(ref rest, out var ev)) kinds.Add(ev.Kind);
            Assert.Equal([ActorQuic.Http3.Frames.ControlStreamEventKind.Settings], kinds);
        }
    }
}
