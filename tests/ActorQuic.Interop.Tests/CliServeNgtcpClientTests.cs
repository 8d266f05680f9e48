using Xunit.Abstractions;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// Debian's ngtcp2 client (gtlsclient, HTTP/3) downloads from the built <c>actorquic serve</c>
/// (a child process, default ALPNs h3,hq-interop) in fetch.sh's variants; every file compared by
/// SHA-256 (gtlsclient exits 0 even on failure), including resumption with 0-RTT (fetch.sh SESSION_DIR)
/// accepted by the server that issued the ticket and rejected by another.
/// </summary>
[Collection(CliInteropCollection.Name)]
public sealed class CliServeNgtcpClientTests
{
    private const string ChaCha20Only = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305";
    private const string P256Only = "-GROUP-ALL:+GROUP-SECP256R1";

    private readonly CliInteropContent _content;
    private readonly ITestOutputHelper _output;

    public CliServeNgtcpClientTests(CliInteropContent content, ITestOutputHelper output)
    {
        _content = content;
        _output = output;
    }

    // Each variant fetches the three sizes on one connection (gtlsclient takes several URLs), then
    // every file is compared by SHA-256 and has its access-log line.
    [NgtcpTheory]
    [InlineData("default")]
    [InlineData("chacha20")]
    [InlineData("p256")]
    [InlineData("key-update")]
    [InlineData("retry")]
    [InlineData("zero-rtt")]
    [InlineData("zero-rtt-rejected")]
    public async Task Gtlsclient_downloads_from_actorquic_serve_byte_identical(string variant)
    {
        string[] names = ["1k.bin", "1m.bin", "100m.bin"];
        string sessionDir = _content.NewDownloadDirectory();
        string qlogDir = _content.NewDownloadDirectory();
        using var serve = StartServe(variant == "retry", variant == "zero-rtt" ? qlogDir : null);
        try
        {
            int port = await WaitForListeningPortAsync(serve);
            if (variant.StartsWith("zero-rtt", StringComparison.Ordinal))
            {
                // fetch.sh SESSION_DIR: the first run stores the ticket and the server's transport parameters.
                await FetchAsync(variant + " (priming)", port, ["1k.bin"], sessionDir, serve, ["--session-file=" + Path.Combine(sessionDir, "session.pem"),
                    "--tp-file=" + Path.Combine(sessionDir, "tp.txt")]);
                Assert.DoesNotContain("0-RTT accepted", serve.Output);
            }
            BoundedProcess target = serve;
            if (variant == "zero-rtt-rejected")
            {
                // Another server process has another ticket key: the ticket is refused, 0-RTT is rejected
                // (RFC 9001 §4.6.2) and the requests gtlsclient sent in 0-RTT must be answered after the handshake.
                target = StartServe(retry: false, qlogDir: null);
                port = await WaitForListeningPortAsync(target);
            }
            var extra = new List<string>();
            switch (variant)
            {
                case "chacha20": extra.Add($"--ciphers={ChaCha20Only}"); break;          // fetch.sh CIPHERS=TLS_CHACHA20_POLY1305_SHA256
                case "p256": extra.Add($"--groups={P256Only}"); break;                    // fetch.sh TLS_GROUPS=P-256
                case "key-update": extra.Add("--key-update=10ms"); break;                // fetch.sh KEY_UPDATE=10ms
                case "zero-rtt" or "zero-rtt-rejected":
                    extra.AddRange(["--session-file=" + Path.Combine(sessionDir, "session.pem"), "--tp-file=" + Path.Combine(sessionDir, "tp.txt")]);
                    break;
            }
            try
            {
                await FetchAsync(variant, port, names, _content.NewDownloadDirectory(), target, extra);
                if (variant == "zero-rtt")
                {
                    Assert.Contains("0-RTT accepted", target.Output);
                    // gtlsclient's request arrived as 0-RTT data: our server's qlog received it in a 0RTT packet.
                    Assert.True(CliGetNgtcpServerTests.QlogHasStreamFramesIn(qlogDir, "transport:packet_received"),
                        $"no 0RTT packet with STREAM frames received in the server's qlog ({qlogDir})");
                }
                if (variant == "zero-rtt-rejected") Assert.DoesNotContain("0-RTT accepted", target.Output);
            }
            finally
            {
                if (target != serve)
                {
                    target.Kill();
                    _output.WriteLine($"second actorquic serve output:\n{target.Output}");
                    target.Dispose();
                }
            }
        }
        finally
        {
            serve.Kill();
            _output.WriteLine($"actorquic serve output:\n{serve.Output}");
        }
    }

    private BoundedProcess StartServe(bool retry, string? qlogDir)
    {
        string[] serveArgs = ["serve", "--listen", "127.0.0.1:0", "--root", _content.Root, "--cert", _content.CertPath, "--key", _content.KeyPath];
        if (retry) serveArgs = [.. serveArgs, "--retry"];
        if (qlogDir is not null) serveArgs = [.. serveArgs, "--qlog-dir", qlogDir];
        return ActorQuicProgram.Start(600, serveArgs);
    }

    /// <summary>One gtlsclient run for <paramref name="names"/>; each file byte-identical and in the access log.</summary>
    private async Task FetchAsync(string variant, int port, string[] names, string download, BoundedProcess serve, IEnumerable<string> extra)
    {
        // fetch.sh's flags (--exit-on-all-streams-close, or the client waits for its idle timeout).
        var args = new List<string> { "300", NgtcpFactAttribute.Client, "-q", "--exit-on-all-streams-close", $"--download={download}",
            "--handshake-timeout=5s" };
        args.AddRange(extra);
        args.AddRange(["127.0.0.1", port.ToString()]);
        args.AddRange(names.Select(name => $"https://127.0.0.1:{port}/{name}"));
        using var client = new BoundedProcess("timeout", args);
        int? exit = await client.WaitAsync(TimeSpan.FromSeconds(310));
        _output.WriteLine($"gtlsclient {variant}: exit {exit}\n{client.Output}");
        foreach (string name in names)
        {
            string file = Path.Combine(download, name);
            Assert.True(File.Exists(file), $"gtlsclient {variant} saved no {name} (exit {exit}): {client.Output}\nserve:\n{serve.Output}");
            Assert.Equal(_content.ExpectedSha256(name), CliInteropContent.Sha256Of(file));
            File.Delete(file);
            // One access-log line for the request, with the whole file counted as sent.
            long size = new FileInfo(Path.Combine(_content.Root, name)).Length;
            await WaitForOutputAsync(serve, $"\"GET /{name}\" 200 {size}");
        }
    }

    /// <summary>serve prints "listening on 127.0.0.1:PORT" once bound.</summary>
    internal static async Task<int> WaitForListeningPortAsync(BoundedProcess serve)
    {
        const string Prefix = "listening on ";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            foreach (string line in serve.Output.Split('\n'))
            {
                if (line.StartsWith(Prefix, StringComparison.Ordinal)) return int.Parse(line.Trim()[(line.LastIndexOf(':') + 1)..]);
            }
            Assert.False(serve.HasExited, $"actorquic serve exited:\n{serve.Output}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"actorquic serve printed no '{Prefix}' line:\n{serve.Output}");
    }

    private static async Task WaitForOutputAsync(BoundedProcess process, string fragment)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!process.Output.Contains(fragment, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no '{fragment}' in:\n{process.Output}");
            await Task.Delay(50);
        }
    }
}
