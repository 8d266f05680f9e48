using ActorQuic.Host.Cli;

namespace ActorQuic.Host.Tests;

/// <summary>The loopback serve ↔ get tests over HTTP/3 (get's default), plus what only h3 can say (status codes).</summary>
public sealed class ServeGetLoopbackH3Tests : ServeGetLoopbackTests
{
    protected override string Alpn => "h3";

    [Fact]
    public async Task A_404_exits_non_zero_leaves_no_file_and_the_other_urls_still_complete()
    {
        byte[] small = Bytes(1024, 6), large = Bytes(1024 * 1024, 7);
        _root.Write("small.bin", small);
        _root.Write("large.bin", large);
        var run = await GetAsync("--ca", _caPath, "~/small.bin", "~/missing.bin", "~/large.bin");
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(small, File.ReadAllBytes(_out.File("small.bin")));
        Assert.Equal(large, File.ReadAllBytes(_out.File("large.bin")));
        Assert.False(File.Exists(_out.File("missing.bin")));
        Assert.False(File.Exists(_out.File("missing.bin.part")));
        string error = Assert.Single(run.StderrLines);
        Assert.Equal($"actorquic: https://{_authority}/missing.bin: HTTP status 404", error);
        // The server logged all three, with their statuses and sizes.
        await WaitForLogAsync("\"GET /missing.bin\" 404 ");
        await WaitForLogAsync("\"GET /large.bin\" 200 1048576");
        await WaitForLogAsync("\"GET /small.bin\" 200 1024");
    }

    [Fact]
    public async Task A_second_get_with_the_session_file_resumes_and_sends_its_requests_in_0_RTT()
    {
        byte[] data = Bytes(200_000, 9);
        _root.Write("z.bin", data);
        string session = _out.File("session.pem");
        var first = await GetAsync("--ca", _caPath, "--session-file", session, "--zero-rtt", "~/z.bin");
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr + _serveOut);
        Assert.Contains($"session ticket saved to {session} (0-RTT allowed)", first.Stdout);
        Assert.DoesNotContain("0-RTT accepted", first.Stdout);
        // Owner-only: the file holds a resumption secret.
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(session));
        File.Delete(_out.File("z.bin"));

        var second = await GetAsync("--ca", _caPath, "--session-file", session, "--zero-rtt", "~/z.bin");
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr + _serveOut);
        Assert.Contains($"0-RTT accepted by {_authority}", second.Stdout);
        Assert.Equal(data, File.ReadAllBytes(_out.File("z.bin")));
        await WaitForLogAsync(" 0-RTT accepted");
    }

    [Fact]
    public async Task Ten_urls_as_concurrent_requests_on_one_connection()
    {
        var files = new List<(string Name, byte[] Data)>();
        for (int i = 0; i < 10; i++)
        {
            var data = Bytes(10_000 + i * 7_001, 100 + i);
            files.Add(($"f{i}.bin", data));
            _root.Write($"f{i}.bin", data);
        }
        var run = await GetAsync(["--ca", _caPath, .. files.Select(f => "~/" + f.Name)]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr + _serveOut);
        foreach (var (name, data) in files) Assert.Equal(data, File.ReadAllBytes(_out.File(name)));
        Assert.Equal(10, run.Stdout.Split('\n').Count(l => l.StartsWith("saved ", StringComparison.Ordinal)));
        var log = _serveOut.Lines.Where(l => l.Contains("\"GET /f")).ToList();
        Assert.Equal(10, log.Count);
        Assert.Single(log.Select(l => l.Split(' ')[1]).Distinct());
    }

    [Fact]
    public async Task Get_h3_against_a_server_offering_only_hq_interop_fails_with_one_line()
    {
        using var stop = new CancellationTokenSource();
        var serveOut = new LineWriter();
        var serve = HostCommand.RunAsync(["serve", "--listen", "127.0.0.1:0", "--alpn", "hq-interop"], serveOut, new LineWriter(), stop.Token);
        string authority = (await serveOut.WaitForLineAsync("listening on ", TimeSpan.FromSeconds(60)))["listening on ".Length..];
        var run = await HostRun.RunAsync(["get", "--insecure", "--output-dir", _out.Path, $"https://{authority}/hello.txt"]);
        stop.Cancel();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith($"actorquic: cannot connect to {authority}", Assert.Single(run.StderrLines));
        Assert.False(File.Exists(_out.File("hello.txt")));
    }

    private async Task WaitForLogAsync(string fragment)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!_serveOut.Lines.Any(l => l.Contains(fragment, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no access-log line with '{fragment}' in:\n{_serveOut}");
            await Task.Delay(20);
        }
    }
}
