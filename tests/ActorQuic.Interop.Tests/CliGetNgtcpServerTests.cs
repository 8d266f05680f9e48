using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// The built <c>actorquic get</c> (a child process, default ALPN h3) downloads from Debian's ngtcp2
/// server (gtlsserver, start-server.sh's arguments) in the variants <c>get</c> can ask for, several
/// URLs on one connection; every file compared by SHA-256. Resumption with 0-RTT (<c>--session-file</c>,
/// <c>--zero-rtt</c>) is accepted by the server that issued the ticket and rejected by a new one.
/// </summary>
[Collection(CliInteropCollection.Name)]
public sealed class CliGetNgtcpServerTests
{
    private readonly CliInteropContent _content;
    private readonly ITestOutputHelper _output;

    public CliGetNgtcpServerTests(CliInteropContent content, ITestOutputHelper output)
    {
        _content = content;
        _output = output;
    }

    // Each variant fetches the three sizes on one connection; every file compared by SHA-256.
    [NgtcpTheory]
    [InlineData("default")]
    [InlineData("chacha20")]
    // The server takes only P-256: our ClientHello's X25519 share is answered with a HelloRetryRequest (RFC 9846 §4.1.4).
    [InlineData("p256")]
    // A longer transfer goes through many key phases (get updates every 16 packets it sends; checked by
    // hand with a verbose gtlsserver: packets with k=0 and k=1, "key update confirmed").
    [InlineData("key-update")]
    [InlineData("server-retry")]
    [InlineData("zero-rtt")]
    [InlineData("zero-rtt-rejected")]
    public async Task Actorquic_get_downloads_from_gtlsserver_byte_identical(string variant)
    {
        string[] files = ["1k.bin", "1m.bin", "100m.bin"];
        string session = Path.Combine(_content.NewDownloadDirectory(), "session.pem");
        string qlogDir = _content.NewDownloadDirectory();
        int port = FreeUdpPort();
        var server = StartServer(variant, port);
        try
        {
            await WaitUntilBoundAsync(port, server);
            var args = new List<string> { "get", "--insecure" };
            switch (variant)
            {
                case "chacha20": args.AddRange(["--cipher", "chacha20"]); break;
                case "key-update": args.Add("--key-update"); break;
                case "zero-rtt" or "zero-rtt-rejected":
                    args.AddRange(["--session-file", session, "--zero-rtt", "--qlog-dir", qlogDir]);
                    break;
            }
            if (variant.StartsWith("zero-rtt", StringComparison.Ordinal))
            {
                // The first run has no ticket: a full handshake, and the server's ticket is stored.
                string primed = await GetAsync(variant + " (priming)", port, args, ["1k.bin"], server);
                Assert.Contains($"session ticket saved to {session} (0-RTT allowed)", primed);
                Assert.DoesNotContain("0-RTT accepted", primed);
                if (variant == "zero-rtt-rejected")
                {
                    // A new server process has new ticket keys: the ticket is refused, 0-RTT rejected
                    // (RFC 9001 §4.6.2), and the requests sent in 0-RTT must be sent again.
                    server.Kill();
                    server.Dispose();
                    port = FreeUdpPort();
                    server = StartServer(variant, port);
                    await WaitUntilBoundAsync(port, server);
                }
            }
            foreach (string primedLog in Directory.GetFiles(qlogDir)) File.Delete(primedLog);
            string output = await GetAsync(variant, port, args, files, server);
            if (variant == "zero-rtt") Assert.Contains($"0-RTT accepted by 127.0.0.1:{port}", output);
            if (variant == "zero-rtt-rejected") Assert.Contains($"0-RTT not accepted by 127.0.0.1:{port}", output);
            // The requests really left as 0-RTT data (accepted or not): our qlog has them in 0RTT packets.
            if (variant.StartsWith("zero-rtt", StringComparison.Ordinal))
                Assert.True(QlogHasStreamFramesIn(qlogDir, "transport:packet_sent"), $"no 0RTT packet with STREAM frames in our qlog ({qlogDir})");
        }
        finally
        {
            server.Kill();
            _output.WriteLine($"gtlsserver output:\n{server.Output}");
            server.Dispose();
        }
    }

    /// <summary>Whether a qlog record <paramref name="eventName"/> of a 0RTT packet carries STREAM frames.</summary>
    internal static bool QlogHasStreamFramesIn(string qlogDir, string eventName) =>
        Directory.GetFiles(qlogDir, "*.sqlog")
            .SelectMany(File.ReadLines)
            .Any(record => record.Contains($"\"name\":\"{eventName}\"", StringComparison.Ordinal)
                && record.Contains("\"packet_type\":\"0RTT\"", StringComparison.Ordinal)
                && record.Contains("\"frame_type\":\"stream\"", StringComparison.Ordinal));

    private BoundedProcess StartServer(string variant, int port)
    {
        var serverArgs = new List<string> { "300", NgtcpFactAttribute.Server, "-q", "-d", _content.Root };
        if (variant == "server-retry") serverArgs.Add("-V"); // start-server.sh RETRY=1
        if (variant == "p256") serverArgs.Add("--groups=-GROUP-ALL:+GROUP-SECP256R1");
        serverArgs.AddRange(["127.0.0.1", port.ToString(), _content.KeyPath, _content.CertPath]); // key before cert
        return new BoundedProcess("timeout", serverArgs);
    }

    /// <summary>One <c>actorquic get</c> of <paramref name="files"/>; exit 0 and each file byte-identical. Returns its output.</summary>
    private async Task<string> GetAsync(string variant, int port, List<string> options, string[] files, BoundedProcess server)
    {
        string download = _content.NewDownloadDirectory();
        var args = new List<string>(options) { "--output-dir", download };
        foreach (string name in files) args.Add($"https://127.0.0.1:{port}/{name}");
        using var get = ActorQuicProgram.Start(300, [.. args]);
        int? exit = await get.WaitAsync(TimeSpan.FromSeconds(310));
        _output.WriteLine($"actorquic get {variant}: exit {exit}\n{get.Output}");
        Assert.True(exit == 0, $"actorquic get {variant} exited {exit}:\n{get.Output}\ngtlsserver:\n{server.Output}");
        foreach (string name in files)
        {
            string file = Path.Combine(download, name);
            Assert.Equal(_content.ExpectedSha256(name), CliInteropContent.Sha256Of(file));
            Assert.False(File.Exists(file + ".part"));
            Assert.Contains($"saved https://127.0.0.1:{port}/{name} -> {file} ({new FileInfo(file).Length} bytes)", get.Output);
            File.Delete(file);
        }
        return get.Output;
    }

    [NgtcpFact]
    public async Task Actorquic_get_of_a_missing_path_exits_non_zero_and_saves_nothing()
    {
        int port = FreeUdpPort();
        using var server = new BoundedProcess("timeout", ["120", NgtcpFactAttribute.Server, "-q", "-d", _content.Root,
            "127.0.0.1", port.ToString(), _content.KeyPath, _content.CertPath]);
        try
        {
            await WaitUntilBoundAsync(port, server);
            string download = _content.NewDownloadDirectory();
            using var get = ActorQuicProgram.Start(120, "get", "--insecure", "--output-dir", download,
                $"https://127.0.0.1:{port}/1k.bin", $"https://127.0.0.1:{port}/no-such-file.bin");
            int? exit = await get.WaitAsync(TimeSpan.FromSeconds(130));
            _output.WriteLine(get.Output);
            Assert.Equal(1, exit);
            Assert.Contains($"https://127.0.0.1:{port}/no-such-file.bin: HTTP status 404", get.Output);
            Assert.Equal(_content.ExpectedSha256("1k.bin"), CliInteropContent.Sha256Of(Path.Combine(download, "1k.bin")));
            Assert.Equal(["1k.bin"], Directory.GetFiles(download).Select(Path.GetFileName));
        }
        finally
        {
            server.Kill();
        }
    }

    /// <summary>
    /// gtlsserver is listening once /proc/net/udp lists 127.0.0.1:PORT (read, not probed with a
    /// bind of our own, which could make the server's bind fail).
    /// </summary>
    private static async Task WaitUntilBoundAsync(int port, BoundedProcess server)
    {
        string local = $"0100007F:{port:X4}";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.ReadLines("/proc/net/udp").Any(l => l.Contains(local, StringComparison.Ordinal)))
        {
            Assert.False(server.HasExited, $"gtlsserver exited:\n{server.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"gtlsserver did not bind 127.0.0.1:{port}:\n{server.Output}");
            await Task.Delay(50);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
