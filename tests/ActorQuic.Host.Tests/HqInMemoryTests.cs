using ActorQuic.Host.Hq;
using ActorQuic.Http3.FileServer;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Host.Tests;

/// <summary>hq-interop server and client logic end to end over in-memory streams.</summary>
public sealed class HqInMemoryTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _out = new();
    private readonly List<string> _log = [];
    private ActorSystem _system = null!;
    private IMaterializer _materializer = null!;
    private HqFileServer _server = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("hq-test", "akka.loglevel = WARNING");
        _materializer = _system.Materializer();
        _server = new HqFileServer(new FileRequestHandler(_root.Path), _materializer, line => { lock (_log) _log.Add(line); },
            TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        _root.Dispose();
        _out.Dispose();
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class CountingProgress : IDownloadProgress
    {
        public long Bytes;
        public bool? Success;
        public void Received(long bytes) => Interlocked.Add(ref Bytes, bytes);
        public void Finished(bool success) => Success = success;
    }

    private async Task<(Task<long> Download, InMemoryHqStream Client, InMemoryHqStream Server, CountingProgress Progress)> FetchAsync(string path, string fileName)
    {
        var (client, server) = InMemoryHqStream.CreatePair();
        var serving = _server.HandleAsync(server, CancellationToken.None);
        var progress = new CountingProgress();
        var download = HqDownloader.DownloadAsync(client, path, _out.File(fileName), progress, _materializer, CancellationToken.None);
        await serving.WaitAsync(TimeSpan.FromSeconds(60));
        return (download, client, server, progress);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(1024 * 1024)]
    [InlineData(0)]
    public async Task File_arrives_byte_identical(int length)
    {
        byte[] content = Bytes(length, 1234 + length);
        _root.Write("data.bin", content);
        var (download, _, server, progress) = await FetchAsync("/data.bin", "data.bin");
        Assert.Equal(length, await download.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(content, File.ReadAllBytes(_out.File("data.bin")));
        Assert.Null(server.AbortCode);
        Assert.Equal(length, progress.Bytes);
        Assert.True(progress.Success);
        Assert.False(File.Exists(_out.File("data.bin.part")));
        string line = Assert.Single(_log);
        Assert.Contains($"\"GET /data.bin\" 200 {length} ", line);
    }

    [Fact]
    public async Task Several_requests_run_concurrently()
    {
        var contents = Enumerable.Range(0, 5).Select(i => Bytes(100_000 + i, i)).ToArray();
        for (int i = 0; i < contents.Length; i++) _root.Write($"f{i}.bin", contents[i]);
        var fetches = await Task.WhenAll(Enumerable.Range(0, contents.Length).Select(i => FetchAsync($"/f{i}.bin", $"f{i}.bin")));
        await Task.WhenAll(fetches.Select(f => f.Download)).WaitAsync(TimeSpan.FromSeconds(60));
        for (int i = 0; i < contents.Length; i++) Assert.Equal(contents[i], File.ReadAllBytes(_out.File($"f{i}.bin")));
        Assert.Equal(contents.Length, _log.Count);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/link/secret.txt")]
    [InlineData("/missing.txt")]
    [InlineData("/.hidden")]
    public async Task Outside_missing_or_hidden_paths_reset_the_stream_with_404(string path)
    {
        using var outside = new TempDirectory();
        outside.Write("secret.txt", "secret");
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "link"), outside.Path);
        _root.Write(".hidden", "hidden");
        var (download, _, server, progress) = await FetchAsync(path, "secret.txt");
        await Assert.ThrowsAnyAsync<Exception>(() => download.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(404, server.AbortCode);
        Assert.False(progress.Success);
        Assert.False(File.Exists(_out.File("secret.txt")));
        Assert.False(File.Exists(_out.File("secret.txt.part")));
        Assert.Contains("\" 404 0 ", Assert.Single(_log));
    }

    [Fact]
    public async Task Directory_serves_its_index_with_or_without_the_slash()
    {
        _root.Write("sub/index.html", "<p>sub</p>");
        var (withSlash, _, _, _) = await FetchAsync("/sub/", "a.html");
        var (withoutSlash, _, _, _) = await FetchAsync("/sub", "b.html");
        await Task.WhenAll(withSlash, withoutSlash).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("<p>sub</p>", File.ReadAllText(_out.File("a.html")));
        Assert.Equal("<p>sub</p>", File.ReadAllText(_out.File("b.html")));
    }

    [Theory]
    [InlineData("POST /x\r\n")]
    [InlineData("GET x\r\n")]
    [InlineData("")]
    public async Task Bad_request_resets_with_400(string request)
    {
        var (client, server) = InMemoryHqStream.CreatePair();
        var serving = _server.HandleAsync(server, CancellationToken.None);
        var source = request.Length == 0 ? Source.Empty<ByteString>() : Source.Single(ByteString.FromString(request));
        _ = source.RunWith(client.Outgoing, _materializer);
        await serving.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(400, server.AbortCode);
        Assert.Contains("\" 400 0 ", Assert.Single(_log));
    }

    [Fact]
    public async Task Oversized_request_is_refused_without_waiting_for_its_end()
    {
        var (client, server) = InMemoryHqStream.CreatePair();
        var serving = _server.HandleAsync(server, CancellationToken.None);
        // An endless request line: the server must give up at the bound, not buffer forever.
        _ = Source.Repeat(ByteString.FromString("GET /" + new string('a', 1000))).Take(1)
            .Concat(Source.Repeat(ByteString.FromString(new string('a', 1000))))
            .RunWith(client.Outgoing, _materializer);
        await serving.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(400, server.AbortCode);
    }

    [Fact]
    public async Task Silent_client_times_out_as_bad_request()
    {
        var (_, server) = InMemoryHqStream.CreatePair();
        await _server.HandleAsync(server, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(400, server.AbortCode);
    }
}
