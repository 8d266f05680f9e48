using System.Net;
using ActorQuic.Host.Cli;
using ActorQuic.Host.Hq;

namespace ActorQuic.Host.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("127.0.0.1:4433", "127.0.0.1", 4433)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("[::1]:443", "::1", 443)]
    [InlineData("localhost:8443", "127.0.0.1", 8443)]
    public void Listen_addresses(string text, string address, int port)
    {
        var endPoint = ListenAddress.Parse(text);
        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("https://127.0.0.1:4433/hello.txt", "127.0.0.1", 4433, "/hello.txt", "hello.txt")]
    [InlineData("https://localhost/", "localhost", 443, "/", "index.html")]
    [InlineData("https://[::1]:9/a/b%20c.bin", "::1", 9, "/a/b%20c.bin", "b c.bin")]
    [InlineData("https://example.org/a/../b.txt", "example.org", 443, "/b.txt", "b.txt")]
    public void Urls(string url, string host, int port, string requestPath, string fileName)
    {
        var target = DownloadTarget.Parse(url);
        Assert.Equal(host, target.Host);
        Assert.Equal(port, target.Port);
        Assert.Equal(requestPath, target.RequestPath);
        Assert.Equal(fileName, target.FileName);
    }

    [Theory]
    [InlineData("GET /index.html\r\n", true, "/index.html")]
    [InlineData("GET /index.html\r\n", false, "/index.html")]
    [InlineData("GET /a%20b\n", false, "/a%20b")]
    [InlineData("GET /x", true, "/x")]
    public void Request_lines(string request, bool complete, string path)
    {
        Assert.Equal(HqRequestStatus.Ok, HqRequestLine.TryParse(System.Text.Encoding.ASCII.GetBytes(request), complete, out string parsed));
        Assert.Equal(path, parsed);
    }

    [Theory]
    [InlineData("GET /x", false, (int)HqRequestStatus.NeedMore)]
    [InlineData("GE", false, (int)HqRequestStatus.NeedMore)]
    [InlineData("POST /x\r\n", false, (int)HqRequestStatus.Bad)]
    [InlineData("PUT", false, (int)HqRequestStatus.Bad)]
    [InlineData("GET x\r\n", false, (int)HqRequestStatus.Bad)]
    [InlineData("GET /a b\r\n", false, (int)HqRequestStatus.Bad)]
    [InlineData("GET /a\tb\r\n", false, (int)HqRequestStatus.Bad)]
    [InlineData("GET \r\n", false, (int)HqRequestStatus.Bad)]
    [InlineData("", true, (int)HqRequestStatus.Bad)]
    public void Bad_or_incomplete_request_lines(string request, bool complete, int expected)
    {
        Assert.Equal((HqRequestStatus)expected, HqRequestLine.TryParse(System.Text.Encoding.ASCII.GetBytes(request), complete, out _));
    }

    [Fact]
    public void Request_line_is_bounded()
    {
        byte[] huge = System.Text.Encoding.ASCII.GetBytes("GET /" + new string('a', HqRequestLine.MaxLength));
        Assert.Equal(HqRequestStatus.Bad, HqRequestLine.TryParse(huge, complete: false, out _));
        Assert.Equal(HqRequestStatus.Bad, HqRequestLine.TryParse(huge, complete: true, out _));
        Assert.Equal("GET /a\r\n"u8.ToArray(), HqRequestLine.Format("/a"));
    }
}
