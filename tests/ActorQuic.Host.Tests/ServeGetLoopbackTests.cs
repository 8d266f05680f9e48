using ActorQuic.Host.Cli;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Host.Tests;

/// <summary>
/// <c>serve</c> (default ALPNs: h3 and hq-interop on one endpoint) and <c>get</c> in-process over
/// real UDP on loopback (port 0); each derived class runs every test with its <c>get --alpn</c>.
/// </summary>
public abstract class ServeGetLoopbackTests : IAsyncLifetime
{
    /// <summary>The protocol <c>get</c> asks for; <c>serve</c> offers both and dispatches on the negotiated one.</summary>
    protected abstract string Alpn { get; }

    private protected readonly TempDirectory _root = new();
    private protected readonly TempDirectory _out = new();
    private readonly TempDirectory _tls = new();
    private readonly CancellationTokenSource _stop = new();
    private protected readonly LineWriter _serveOut = new();
    private readonly LineWriter _serveErr = new();
    private Task<int> _serve = null!;
    protected string _authority = null!;
    protected string _caPath = null!;

    public async Task InitializeAsync()
    {
        var dev = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        _caPath = _tls.Write("cert.pem", dev.CertificatePem);
        string keyPath = _tls.Write("key.pem", dev.PrivateKeyPem);
        _serve = HostCommand.RunAsync(["serve", "--listen", "127.0.0.1:0", "--root", _root.Path, "--cert", _caPath, "--key", keyPath],
            _serveOut, _serveErr, _stop.Token);
        string listening = await _serveOut.WaitForLineAsync("listening on ", TimeSpan.FromSeconds(60));
        _authority = listening["listening on ".Length..];
        Assert.Equal($"spki sha256/{dev.SpkiSha256Base64}", await _serveOut.WaitForLineAsync("spki sha256/", TimeSpan.FromSeconds(5)));
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        int code = await _serve.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, code);
        _root.Dispose();
        _out.Dispose();
        _tls.Dispose();
    }

    private protected Task<HostRun> GetAsync(params string[] pathsAndOptions)
    {
        var args = new List<string> { "get", "--alpn", Alpn, "--output-dir", _out.Path };
        // "~/x" names a URL path on the server; anything else is an option or its value.
        foreach (string a in pathsAndOptions) args.Add(a.StartsWith("~/", StringComparison.Ordinal) ? $"https://{_authority}{a[1..]}" : a);
        return HostRun.RunAsync([.. args]);
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Downloads_1KB_and_1MB_byte_identical_on_one_connection_with_the_ca()
    {
        byte[] small = Bytes(1024, 1), large = Bytes(1024 * 1024, 2), third = Bytes(5000, 3);
        _root.Write("small.bin", small);
        _root.Write("large.bin", large);
        _root.Write("dir/third.bin", third);
        var run = await GetAsync("--ca", _caPath, "~/small.bin", "~/large.bin", "~/dir/third.bin");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr + _serveOut);
        Assert.Equal(small, File.ReadAllBytes(_out.File("small.bin")));
        Assert.Equal(large, File.ReadAllBytes(_out.File("large.bin")));
        Assert.Equal(third, File.ReadAllBytes(_out.File("third.bin")));
        Assert.Contains($"saved https://{_authority}/large.bin -> ", run.Stdout);
        // One access-log line per request, all from the same client address (one connection).
        var log = _serveOut.Lines.Where(l => l.Contains("\"GET /")).ToList();
        Assert.Equal(3, log.Count);
        Assert.Single(log.Select(l => l.Split(' ')[1]).Distinct());
    }

    [Theory]
    [InlineData("--key-update")]
    [InlineData("--quic-version", "2")]
    [InlineData("--cipher", "chacha20")]
    [InlineData("--cipher", "aes256gcm")]
    public async Task Variants_download_1MB_byte_identical(params string[] variant)
    {
        byte[] large = Bytes(1024 * 1024, 4);
        _root.Write("large.bin", large);
        var run = await GetAsync([.. variant, "--ca", _caPath, "~/large.bin"]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr + _serveOut);
        Assert.Equal(large, File.ReadAllBytes(_out.File("large.bin")));
    }

    [Fact]
    public async Task Serve_with_retry_validates_the_address_and_the_download_completes()
    {
        using var root = new TempDirectory();
        byte[] data = Bytes(100 * 1024, 5);
        root.Write("r.bin", data);
        using var stop = new CancellationTokenSource();
        var serveOut = new LineWriter();
        var serve = HostCommand.RunAsync(["serve", "--listen", "127.0.0.1:0", "--root", root.Path, "--retry"], serveOut, new LineWriter(), stop.Token);
        string authority = (await serveOut.WaitForLineAsync("listening on ", TimeSpan.FromSeconds(60)))["listening on ".Length..];
        var run = await HostRun.RunAsync(["get", "--alpn", Alpn, "--insecure", "--output-dir", _out.Path, $"https://{authority}/r.bin"]);
        stop.Cancel();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr + serveOut);
        Assert.Equal(data, File.ReadAllBytes(_out.File("r.bin")));
    }

    [Fact]
    public async Task Insecure_skips_verification_and_a_wrong_ca_fails()
    {
        _root.Write("a.txt", "hello");
        var insecure = await GetAsync("--insecure", "~/a.txt");
        Assert.True(insecure.ExitCode == 0, insecure.Stderr);
        File.Delete(_out.File("a.txt"));
        string otherCa = _tls.Write("other.pem", TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow).CertificatePem);
        var wrong = await GetAsync("--ca", otherCa, "~/a.txt");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.False(File.Exists(_out.File("a.txt")));
        Assert.DoesNotContain("   at ", wrong.Stderr);
    }

    [Fact]
    public async Task Path_escaping_the_root_is_refused_and_get_exits_non_zero()
    {
        _root.Write("ok.txt", "fine");
        using var outside = new TempDirectory();
        outside.Write("secret.txt", "secret");
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "out"), outside.Path);
        var run = await GetAsync("--ca", _caPath, "~/ok.txt", "~/%2e%2e/secret.txt", "~/out/secret2.txt");
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("fine", File.ReadAllText(_out.File("ok.txt")));
        Assert.False(File.Exists(_out.File("secret.txt")));
        Assert.Equal(2, run.StderrLines.Length);
        Assert.All(run.StderrLines, l => Assert.Contains("404", l));
    }

    [Fact]
    public async Task Serve_on_a_taken_port_is_one_error_line()
    {
        var run = await HostRun.RunAsync("serve", "--listen", _authority);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("actorquic: cannot listen on", Assert.Single(run.StderrLines));
    }
}
