using ActorQuic.Http3.FileServer;

namespace ActorQuic.Http3.Tests.FileServer;

public sealed class AccessLogLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public void Formats_all_fields_on_one_line()
    {
        var line = new AccessLogLine(Now, "192.0.2.1:443", "GET", "/a/b.txt?x=1", 200, 1234, TimeSpan.FromTicks(123_450));
        Assert.Equal("2026-01-02T03:04:05.678Z 192.0.2.1:443 \"GET /a/b.txt?x=1\" 200 1234 12.345ms", line.ToString());
    }

    [Fact]
    public void Timestamp_is_rendered_in_utc()
    {
        var line = new AccessLogLine(Now.ToOffset(TimeSpan.FromHours(5)), "", "HEAD", "/", 404, 0, TimeSpan.Zero);
        Assert.Equal("2026-01-02T03:04:05.678Z - \"HEAD /\" 404 0 0.000ms", line.ToString());
    }

    [Fact]
    public void Peer_controlled_text_cannot_break_the_line_or_the_quotes()
    {
        var line = new AccessLogLine(Now, "[2001:db8::1]:5000", "GET", "/x\"y\\z\n200 fake ü\u0000", 400, 12, TimeSpan.FromMilliseconds(1)).ToString();
        Assert.Equal("2026-01-02T03:04:05.678Z [2001:db8::1]:5000 \"GET /x\\x22y\\x5cz\\x0a200\\x20fake\\x20\\xc3\\xbc\\x00\" 400 12 1.000ms", line);
        Assert.DoesNotContain('\n', line);
    }
}
