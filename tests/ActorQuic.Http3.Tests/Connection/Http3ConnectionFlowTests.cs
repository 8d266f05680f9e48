using System.Text;
using ActorQuic.Http3.Connection;
using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.Tests.Connection;

public sealed class Http3ConnectionFlowTests
{
    internal static Http3Request Get(string path, params Http3Field[] headers) =>
        new("GET", "https", "example.com", path, headers, null);

    internal static T[] Of<T>(List<Http3Output> events) => events.OfType<T>().ToArray();

    internal static byte[] Body(List<Http3Output> events, long streamId) =>
        events.OfType<Http3DataReceived>().Where(d => d.StreamId == streamId).SelectMany(d => d.Data).ToArray();

    internal static bool Finished(List<Http3Output> events, long streamId) =>
        events.OfType<Http3DataReceived>().Any(d => d.StreamId == streamId && d.Fin);

    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(2, 1, false)]
    [InlineData(3, 3, true)]
    [InlineData(4, 7, true)]
    public void Get_with_response_headers_and_body(int seed, int maxChunk, bool reorder)
    {
        var link = new FakeQuicLink(seed, maxChunk, reorder);
        link.Client.SendRequest(0, Get("/index.html", new Http3Field("accept", "text/html")), endStream: true);
        link.Pump();

        var request = Assert.Single(Of<Http3RequestReceived>(link.ServerEvents));
        Assert.Equal(0, request.StreamId);
        Assert.Equal("GET", request.Request.Method);
        Assert.Equal("/index.html", request.Request.Path);
        Assert.Equal("text/html", Assert.Single(request.Request.Headers).Value);
        Assert.True(Finished(link.ServerEvents, 0));
        Assert.Single(Of<Http3SettingsReceived>(link.ServerEvents));

        link.Server.SendResponse(0, new Http3Response(200, [new Http3Field("content-type", "text/plain"), new Http3Field("content-length", "5")], 5), endStream: false);
        link.Server.SendData(0, "hello"u8, endStream: true);
        link.Pump();

        var response = Assert.Single(Of<Http3ResponseReceived>(link.ClientEvents));
        Assert.Equal(200, response.Response.Status);
        Assert.Equal(5, response.Response.ContentLength);
        Assert.Equal("hello", Encoding.ASCII.GetString(Body(link.ClientEvents, 0)));
        Assert.True(Finished(link.ClientEvents, 0));
        // Headers are surfaced before any content and fin is last.
        int headersAt = link.ClientEvents.FindIndex(e => e is Http3ResponseReceived);
        int firstData = link.ClientEvents.FindIndex(e => e is Http3DataReceived);
        Assert.True(headersAt < firstData);
        Assert.Equal(0, link.Client.ActiveRequestCount);
        Assert.Equal(0, link.Server.ActiveRequestCount);
        Assert.Empty(Of<Http3CloseConnection>(link.ClientEvents));
        Assert.Empty(Of<Http3CloseConnection>(link.ServerEvents));
    }

    [Theory]
    [InlineData(11, 0, false)]
    [InlineData(12, 2, true)]
    [InlineData(13, 5, true)]
    public void Post_with_body_and_trailers_both_ways(int seed, int maxChunk, bool reorder)
    {
        var link = new FakeQuicLink(seed, maxChunk, reorder);
        var post = new Http3Request("POST", "https", "example.com", "/upload", [new Http3Field("content-type", "application/octet-stream")], null);
        link.Client.SendRequest(0, post, endStream: false);
        link.Client.SendData(0, "part one;"u8, endStream: false);
        link.Client.SendData(0, "part two"u8, endStream: false);
        link.Client.SendTrailers(0, [new Http3Field("x-checksum", "abc123")]);
        link.Pump();

        Assert.Equal("POST", Assert.Single(Of<Http3RequestReceived>(link.ServerEvents)).Request.Method);
        Assert.Equal("part one;part two", Encoding.ASCII.GetString(Body(link.ServerEvents, 0)));
        var trailers = Assert.Single(Of<Http3TrailersReceived>(link.ServerEvents));
        Assert.Equal(new Http3Field("x-checksum", "abc123"), Assert.Single(trailers.Trailers));
        Assert.True(link.ServerEvents.FindIndex(e => e is Http3TrailersReceived) < link.ServerEvents.FindIndex(e => e is Http3DataReceived { Fin: true }));

        link.Server.SendResponse(0, new Http3Response(100, [], null), endStream: false);
        link.Server.SendResponse(0, new Http3Response(201, [], null), endStream: false);
        link.Server.SendData(0, "created"u8, endStream: false);
        link.Server.SendTrailers(0, [new Http3Field("grpc-status", "0")]);
        link.Pump();

        Assert.Equal(100, Assert.Single(Of<Http3InterimResponseReceived>(link.ClientEvents)).Response.Status);
        Assert.Equal(201, Assert.Single(Of<Http3ResponseReceived>(link.ClientEvents)).Response.Status);
        Assert.Equal("created", Encoding.ASCII.GetString(Body(link.ClientEvents, 0)));
        Assert.Equal("0", Assert.Single(Assert.Single(Of<Http3TrailersReceived>(link.ClientEvents)).Trailers).Value);
        Assert.True(Finished(link.ClientEvents, 0));
    }

    [Theory]
    [InlineData(21, 0, false)]
    [InlineData(22, 4, true)]
    [InlineData(23, 9, true)]
    public void Twenty_concurrent_requests_block_on_a_late_encoder_stream_then_complete(int seed, int maxChunk, bool reorder)
    {
        var link = new FakeQuicLink(seed, maxChunk, reorder);
        link.Pump(); // SETTINGS both ways: the client's encoder may now use the dynamic table
        int encoderBytesBefore = link.BytesWritten[(true, 6)];
        link.Hold(toServer: true, 6); // the client's QPACK encoder stream arrives late

        for (int i = 0; i < 20; i++)
        {
            long id = i * 4;
            link.Client.SendRequest(id, Get($"/item/{i}", new Http3Field("x-session", "s-0123456789abcdef"), new Http3Field("user-agent", "actorquic-test/1.0")), endStream: false);
            link.Client.SendData(id, Encoding.ASCII.GetBytes($"body {i}"), endStream: true);
        }
        link.Pump();

        Assert.True(link.BytesWritten[(true, 6)] > encoderBytesBefore, "the client inserted entries into the dynamic table");
        // Every section references inserts not yet received: nothing of any request surfaces.
        Assert.Empty(Of<Http3RequestReceived>(link.ServerEvents));
        Assert.Empty(Of<Http3DataReceived>(link.ServerEvents));
        Assert.Empty(Of<Http3CloseConnection>(link.ServerEvents));

        link.Release(toServer: true, 6);
        link.Pump();

        var requests = Of<Http3RequestReceived>(link.ServerEvents);
        Assert.Empty(Of<Http3AbortStream>(link.ServerEvents)); Assert.Empty(Of<Http3CloseConnection>(link.ServerEvents));
        Assert.Equal(20, requests.Length);
        foreach (var r in requests)
        {
            long i = r.StreamId / 4;
            Assert.Equal($"/item/{i}", r.Request.Path);
            Assert.Contains(new Http3Field("x-session", "s-0123456789abcdef"), r.Request.Headers);
            Assert.Equal($"body {i}", Encoding.ASCII.GetString(Body(link.ServerEvents, r.StreamId)));
            Assert.True(Finished(link.ServerEvents, r.StreamId));
            // Headers first, then data for that stream.
            Assert.True(link.ServerEvents.IndexOf(r) < link.ServerEvents.FindIndex(e => e is Http3DataReceived d && d.StreamId == r.StreamId));
        }
        // The server's decoder acknowledged the sections and inserts on its decoder stream.
        Assert.True(link.BytesWritten[(false, 11)] > 1);

        foreach (var r in requests)
        {
            link.Server.SendResponse(r.StreamId, new Http3Response(200, [new Http3Field("x-session", "s-0123456789abcdef")], null), endStream: false);
            link.Server.SendData(r.StreamId, Encoding.ASCII.GetBytes($"reply {r.StreamId}"), endStream: true);
        }
        link.Pump();
        Assert.Equal(20, Of<Http3ResponseReceived>(link.ClientEvents).Length);
        for (long id = 0; id < 80; id += 4)
            Assert.Equal($"reply {id}", Encoding.ASCII.GetString(Body(link.ClientEvents, id)));
        Assert.Equal(0, link.Client.ActiveRequestCount);
        Assert.Equal(0, link.Server.ActiveRequestCount);
    }

    [Fact]
    public void Goaway_rejects_requests_at_or_above_its_id_and_completes_those_below()
    {
        var link = new FakeQuicLink(31, 3, reorder: true);
        for (long id = 0; id <= 8; id += 4) link.Client.SendRequest(id, Get($"/{id}"), endStream: true);
        link.Pump();
        // Two more requests are in flight when the server decides to shut down.
        link.Hold(toServer: true, 12);
        link.Hold(toServer: true, 16);
        link.Client.SendRequest(12, Get("/12"), endStream: true);
        link.Client.SendRequest(16, Get("/16"), endStream: true);
        link.Pump();

        link.Server.Shutdown();
        Assert.Equal(12UL, link.Server.SentGoawayId);
        link.Pump();
        Assert.Equal(12UL, Assert.Single(Of<Http3GoawayReceived>(link.ClientEvents)).Id);
        Assert.Throws<InvalidOperationException>(() => link.Client.SendRequest(20, Get("/20"), endStream: true));

        link.Release(toServer: true, 12);
        link.Release(toServer: true, 16);
        link.Pump();
        var rejected = Of<Http3AbortStream>(link.ServerEvents);
        Assert.Equal([12L, 16L], rejected.Select(a => a.StreamId).Order().ToArray());
        Assert.All(rejected, a => Assert.Equal(Http3ErrorCode.RequestRejected, a.ErrorCode));
        Assert.Equal([12L, 16L], Of<Http3StreamResetReceived>(link.ClientEvents).Select(r => r.StreamId).Order().ToArray());
        Assert.All(Of<Http3StreamResetReceived>(link.ClientEvents), r => Assert.Equal((ulong)Http3ErrorCode.RequestRejected, r.ErrorCode));

        foreach (var r in Of<Http3RequestReceived>(link.ServerEvents))
        {
            Assert.True(r.StreamId < 12);
            link.Server.SendResponse(r.StreamId, new Http3Response(200, [], 0), endStream: true);
        }
        link.Pump();
        Assert.Empty(Of<Http3AbortStream>(link.ClientEvents)); Assert.Empty(Of<Http3CloseConnection>(link.ClientEvents));
        Assert.Equal([0L, 4L, 8L], Of<Http3ResponseReceived>(link.ClientEvents).Select(r => r.StreamId).Order().ToArray());
        Assert.Equal(0, link.Server.ActiveRequestCount);
        Assert.Empty(Of<Http3CloseConnection>(link.ClientEvents));
        Assert.Empty(Of<Http3CloseConnection>(link.ServerEvents));

        // A second GOAWAY never raises the id (§5.2).
        link.Server.Shutdown();
        Assert.Equal(12UL, link.Server.SentGoawayId);
    }

    [Fact]
    public void A_blocked_stream_reports_itself_and_caps_what_it_holds()
    {
        var link = new FakeQuicLink(61);
        link.Pump();
        link.Hold(toServer: true, 6);
        link.Client.SendRequest(0, Get("/", new Http3Field("x-dyn", "value-for-the-table")), endStream: false);
        link.Client.SendData(0, new byte[1000], endStream: false);
        link.Pump();
        Assert.True(link.Server.IsStreamBlocked(0));
        Assert.Empty(Of<Http3DataReceived>(link.ServerEvents));

        link.Server.OnStreamData(0, new byte[300 * 1024], fin: false);
        link.Pump();
        var abort = Assert.Single(Of<Http3AbortStream>(link.ServerEvents));
        Assert.Equal(Http3ErrorCode.ExcessiveLoad, abort.ErrorCode);
        Assert.False(link.Server.IsStreamBlocked(0));
        Assert.Equal((ulong)Http3ErrorCode.ExcessiveLoad, Assert.Single(Of<Http3StreamResetReceived>(link.ClientEvents)).ErrorCode);
        Assert.False(link.Server.IsClosed);
    }
}
