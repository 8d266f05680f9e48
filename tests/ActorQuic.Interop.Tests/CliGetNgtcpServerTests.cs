using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// The built <c>actorquic get</c> (a child process, default ALPN h3) downloads from Debian's ngtcp2
/// server (gtlsserver, start-server.sh's arguments) in the variants <c>get</c> can ask for, several
/// URLs on one connection; every file compared by SHA-256. 0-RTT (<c>--session-file</c>,
/// <c>--zero-rtt</c>) is not implemented in the host yet and is left out.
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

    [NgtcpTheory]
    [InlineData("default", "1k.bin,1m.bin")]
    [InlineData("default", "100m.bin")]
    [InlineData("chacha20", "1k.bin,1m.bin")]
    // 4 MB as well: a longer transfer goes through several key phases (get updates every 16 packets it sends;
    // checked by hand with a verbose gtlsserver: packets with k=0 and k=1, "key update confirmed").
    [InlineData("key-update", "1k.bin,1m.bin,4m.bin")]
    [InlineData("server-retry", "1k.bin,1m.bin")]
    public async Task Actorquic_get_downloads_from_gtlsserver_byte_identical(string variant, string names)
    {
        int port = FreeUdpPort();
        var serverArgs = new List<string> { "300", NgtcpFactAttribute.Server, "-q", "-d", _content.Root };
        if (variant == "server-retry") serverArgs.Add("-V"); // start-server.sh RETRY=1
        serverArgs.AddRange(["127.0.0.1", port.ToString(), _content.KeyPath, _content.CertPath]); // key before cert
        using var server = new BoundedProcess("timeout", serverArgs);
        try
        {
            await WaitUntilBoundAsync(port, server);
            string download = _content.NewDownloadDirectory();
            var args = new List<string> { "get", "--insecure", "--output-dir", download };
            switch (variant)
            {
                case "chacha20": args.AddRange(["--cipher", "chacha20"]); break;
                case "key-update": args.Add("--key-update"); break;
            }
            string[] files = names.Split(',');
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
        }
        finally
        {
            server.Kill();
            _output.WriteLine($"gtlsserver output:\n{server.Output}");
        }
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
