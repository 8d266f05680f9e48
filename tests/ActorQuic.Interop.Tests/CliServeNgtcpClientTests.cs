using Xunit.Abstractions;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// Debian's ngtcp2 client (gtlsclient, HTTP/3) downloads from the built <c>actorquic serve</c>
/// (a child process, default ALPNs h3,hq-interop) in fetch.sh's variants; every file compared by
/// SHA-256 (gtlsclient exits 0 even on failure). 0-RTT/resumption (fetch.sh SESSION_DIR) is left
/// out: the host has no session tickets yet.
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

    [NgtcpTheory]
    [InlineData("default", "1k.bin")]
    [InlineData("default", "1m.bin")]
    [InlineData("default", "100m.bin")]
    [InlineData("chacha20", "1k.bin")]
    [InlineData("chacha20", "1m.bin")]
    [InlineData("p256", "1k.bin")]
    [InlineData("p256", "1m.bin")]
    [InlineData("key-update", "1k.bin")]
    [InlineData("key-update", "1m.bin")]
    [InlineData("retry", "1k.bin")]
    [InlineData("retry", "1m.bin")]
    public async Task Gtlsclient_downloads_from_actorquic_serve_byte_identical(string variant, string name)
    {
        string[] serveArgs = ["serve", "--listen", "127.0.0.1:0", "--root", _content.Root, "--cert", _content.CertPath, "--key", _content.KeyPath];
        if (variant == "retry") serveArgs = [.. serveArgs, "--retry"];
        using var serve = ActorQuicProgram.Start(600, serveArgs);
        try
        {
            int port = await WaitForListeningPortAsync(serve);
            string download = _content.NewDownloadDirectory();
            // fetch.sh's flags (--exit-on-all-streams-close, or the client waits for its idle timeout).
            var args = new List<string> { "300", NgtcpFactAttribute.Client, "-q", "--exit-on-all-streams-close", $"--download={download}",
                "--handshake-timeout=5s" };
            switch (variant)
            {
                case "chacha20": args.Add($"--ciphers={ChaCha20Only}"); break;          // fetch.sh CIPHERS=TLS_CHACHA20_POLY1305_SHA256
                case "p256": args.Add($"--groups={P256Only}"); break;                    // fetch.sh TLS_GROUPS=P-256
                case "key-update": args.Add("--key-update=10ms"); break;                // fetch.sh KEY_UPDATE=10ms
            }
            args.AddRange(["127.0.0.1", port.ToString(), $"https://127.0.0.1:{port}/{name}"]);
            using var client = new BoundedProcess("timeout", args);
            int? exit = await client.WaitAsync(TimeSpan.FromSeconds(310));
            _output.WriteLine($"gtlsclient {variant} {name}: exit {exit}\n{client.Output}");
            string file = Path.Combine(download, name);
            Assert.True(File.Exists(file), $"gtlsclient saved no {name} (exit {exit}): {client.Output}\nserve:\n{serve.Output}");
            Assert.Equal(_content.ExpectedSha256(name), CliInteropContent.Sha256Of(file));
            File.Delete(file);
            // One access-log line for the request, with the whole file counted as sent.
            long size = new FileInfo(Path.Combine(_content.Root, name)).Length;
            await WaitForOutputAsync(serve, $"\"GET /{name}\" 200 {size}");
        }
        finally
        {
            serve.Kill();
            _output.WriteLine($"actorquic serve output:\n{serve.Output}");
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
