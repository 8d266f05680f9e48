using System.Net.Quic;
using ActorQuic.Http3.Messages;
using ActorQuic.Http3.Transport;

namespace ActorQuic.Http3.Tests.Transport;

/// <summary>Our h3 client against our h3 file server over our QUIC on real UDP loopback.</summary>
public sealed class Http3FileServerLoopbackTests
{
    private static readonly TimeSpan Patience = H3Loopback.Patience;

    [Fact]
    public async Task One_kilobyte_and_one_megabyte_files_arrive_byte_identical()
    {
        await using var loop = await H3Loopback.StartAsync();
        var small = await loop.Client.SendAsync("GET", loop.Authority, "/1k.bin").WaitAsync(Patience);
        Assert.Equal(200, small.Status);
        Assert.Equal("1024", small.Header("content-length"));
        Assert.Equal("application/octet-stream", small.Header("content-type"));
        Assert.Equal(loop.OneKb, await small.ReadBodyAsync().WaitAsync(Patience));

        var large = await loop.Client.SendAsync("GET", loop.Authority, "/1m.bin").WaitAsync(Patience);
        Assert.Equal(200, large.Status);
        Assert.Equal(1024 * 1024, large.ContentLength);
        Assert.Equal(loop.OneMb, await large.ReadBodyAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task Concurrent_requests_on_one_connection_each_get_their_own_file()
    {
        await using var loop = await H3Loopback.StartAsync();
        var paths = new[] { "/1m.bin", "/1k.bin", "/1m.bin", "/missing", "/1k.bin", "/1m.bin", "/1k.bin", "/" };
        var tasks = paths.Select(async path =>
        {
            var response = await loop.Client.SendAsync("GET", loop.Authority, path);
            return (path, response.Status, Body: await response.ReadBodyAsync());
        }).ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(Patience);
        foreach (var (path, status, body) in results)
        {
            switch (path)
            {
                case "/1m.bin": Assert.Equal(200, status); Assert.Equal(loop.OneMb, body); break;
                case "/1k.bin": Assert.Equal(200, status); Assert.Equal(loop.OneKb, body); break;
                case "/missing": Assert.Equal(404, status); break;
                case "/":
                    Assert.Equal(200, status);
                    Assert.Contains("1m.bin", System.Text.Encoding.UTF8.GetString(body));
                    break;
            }
        }
        // One access-log line per request, written once the response was acknowledged.
        await WaitUntil(() => loop.AccessLog.Count >= paths.Length);
        Assert.Equal(paths.Length, loop.AccessLog.Count);
        Assert.Contains(loop.AccessLog, line => line.Contains("\"GET /missing\" 404"));
        Assert.Contains(loop.AccessLog, line => line.Contains("\"GET /1m.bin\" 200 1048576"));
    }

    [Fact]
    public async Task Missing_file_is_404_with_a_text_body()
    {
        await using var loop = await H3Loopback.StartAsync();
        var response = await loop.Client.SendAsync("GET", loop.Authority, "/nope.txt").WaitAsync(Patience);
        Assert.Equal(404, response.Status);
        Assert.Equal("404 Not Found\n", System.Text.Encoding.UTF8.GetString(await response.ReadBodyAsync().WaitAsync(Patience)));
    }

    [Fact]
    public async Task Head_has_the_length_and_no_content_and_POST_is_405()
    {
        await using var loop = await H3Loopback.StartAsync();
        var head = await loop.Client.SendAsync("HEAD", loop.Authority, "/1m.bin").WaitAsync(Patience);
        Assert.Equal(200, head.Status);
        Assert.Equal("1048576", head.Header("content-length"));
        Assert.Empty(await head.ReadBodyAsync().WaitAsync(Patience));

        var post = await loop.Client.SendAsync("POST", loop.Authority, "/1k.bin").WaitAsync(Patience);
        Assert.Equal(405, post.Status);
        Assert.Equal("GET, HEAD", post.Header("allow"));
        await post.ReadBodyAsync().WaitAsync(Patience);
    }

    [Fact]
    public async Task Range_request_gets_206_with_exactly_the_slice()
    {
        await using var loop = await H3Loopback.StartAsync();
        var response = await loop.Client.SendAsync("GET", loop.Authority, "/1m.bin",
            [new Http3Field("range", "bytes=1000-70999")]).WaitAsync(Patience);
        Assert.Equal(206, response.Status);
        Assert.Equal("bytes 1000-70999/1048576", response.Header("content-range"));
        Assert.Equal(70_000, response.ContentLength);
        Assert.Equal(loop.OneMb.AsSpan(1000, 70_000).ToArray(), await response.ReadBodyAsync().WaitAsync(Patience));
    }

    [Theory]
    [InlineData("/../outside/secret.txt")]
    [InlineData("/%2e%2e/outside/secret.txt")]
    [InlineData("/1k.bin/../../outside/secret.txt")]
    public async Task Escaping_the_root_is_refused(string path)
    {
        await using var loop = await H3Loopback.StartAsync();
        var response = await loop.Client.SendAsync("GET", loop.Authority, path).WaitAsync(Patience);
        Assert.True(response.Status is 404 or 400, $"status {response.Status}");
        var body = System.Text.Encoding.UTF8.GetString(await response.ReadBodyAsync().WaitAsync(Patience));
        Assert.DoesNotContain("TOP SECRET", body);
    }

    [Fact]
    public async Task Graceful_shutdown_sends_GOAWAY_and_closes_with_H3_NO_ERROR()
    {
        await using var loop = await H3Loopback.StartAsync();
        var response = await loop.Client.SendAsync("GET", loop.Authority, "/1k.bin").WaitAsync(Patience);
        Assert.Equal(loop.OneKb, await response.ReadBodyAsync().WaitAsync(Patience));
        await loop.StopServerAsync();
        var closed = await loop.Client.Connection.Closed.WaitAsync(Patience);
        Assert.True(closed.IsApplicationError);
        Assert.Equal((long)Http3ErrorCode.NoError, closed.ErrorCode);
        // GOAWAY named the first stream not processed: the one after our only request (stream 0).
        Assert.Equal(4UL, loop.Client.ReceivedGoawayId);
        await Assert.ThrowsAnyAsync<Exception>(() => loop.Client.SendAsync("GET", loop.Authority, "/1k.bin").WaitAsync(Patience));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
    }
}
