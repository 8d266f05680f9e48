using System.Text;
using System.Text.Json;
using ActorQuic.Host.Cli;

namespace ActorQuic.Host.Tests;

/// <summary><c>--qlog-dir</c> on <c>serve</c> and <c>get</c>: one qlog file per connection at each end, qvis's format.</summary>
public sealed class QlogCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(Commands.H3)]
    [InlineData(Commands.HqInterop)]
    public async Task Serve_and_get_each_write_the_connection_qlog(string alpn)
    {
        byte[] body = new byte[200 * 1024];
        new Random(21).NextBytes(body);
        _temp.Write("root/q.bin", body);
        string serverQlog = _temp.File("server-qlog");
        string clientQlog = Path.Combine(_temp.File("client-qlog"), "nested"); // does not exist yet
        Directory.CreateDirectory(_temp.File("out"));

        using var stop = new CancellationTokenSource();
        var serveOut = new LineWriter();
        var serve = HostCommand.RunAsync(["serve", "--listen", "127.0.0.1:0", "--root", _temp.File("root"), "--qlog-dir", serverQlog],
            serveOut, new LineWriter(), stop.Token);
        string authority = (await serveOut.WaitForLineAsync("listening on ", TimeSpan.FromSeconds(60)))["listening on ".Length..];
        var run = await HostRun.RunAsync("get", "--insecure", "--alpn", alpn, "--output-dir", _temp.File("out"), "--qlog-dir", clientQlog,
            $"https://{authority}/q.bin");
        // The client's actor system is gone once get returns; stopping serve closes the server's connection too.
        stop.Cancel();
        Assert.Equal(ExitCodes.Success, await serve.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(body, File.ReadAllBytes(_temp.File("out/q.bin")));

        string serverFile = Assert.Single(Directory.GetFiles(serverQlog, "*.sqlog"));
        string clientFile = Assert.Single(Directory.GetFiles(clientQlog, "*.sqlog"));
        string odcid = Path.GetFileName(clientFile)[..^"_client.sqlog".Length];
        Assert.Equal($"{odcid}_server.sqlog", Path.GetFileName(serverFile));
        foreach (var (path, role) in new[] { (serverFile, "server"), (clientFile, "client") })
        {
            var (header, names) = Read(path);
            Assert.Equal("0.3", header.GetProperty("qlog_version").GetString());
            Assert.Equal("JSON-SEQ", header.GetProperty("qlog_format").GetString());
            Assert.Equal(role, header.GetProperty("trace").GetProperty("vantage_point").GetProperty("type").GetString());
            Assert.Equal(odcid, header.GetProperty("trace").GetProperty("common_fields").GetProperty("ODCID").GetString());
            Assert.Contains("transport:packet_sent", names);
            Assert.Contains("transport:packet_received", names);
            Assert.Contains("connectivity:connection_closed", names);
        }
    }

    private static (JsonElement Header, List<string> Names) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0x1E, bytes[0]);
        Assert.Equal((byte)'\n', bytes[^1]);
        var records = Encoding.UTF8.GetString(bytes).Split('\u001e', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => JsonDocument.Parse(r).RootElement.Clone()).ToList();
        return (records[0], records.Skip(1).Select(e => e.GetProperty("name").GetString()!).ToList());
    }
}
