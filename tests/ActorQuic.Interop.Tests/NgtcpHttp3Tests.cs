using System.Net;
using System.Net.Sockets;
using ActorQuic.Http3.FileServer;
using ActorQuic.Http3.Transport;
using ActorQuic.Protocol.Tls;
using ActorQuic.Streams;
using Akka.Actor;
using Akka.Streams;
using Xunit.Abstractions;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// HTTP/3 against Debian's ngtcp2 0.12 examples on loopback (they speak h3 only): their client
/// downloads from our file server, our client downloads from their server. Every process is
/// bounded by a timeout; files are compared byte for byte (gtlsclient exits 0 even on failure).
/// </summary>
// Serialized with the other real-peer tests (child processes, 105 MB of fixtures being written).
// Run in parallel with them the in-process server once stalled a gtlsclient request for 30 s: the
// first request was dispatched before Http3ServerConnection.StartAsync had published its session
// (fixed; Http3ServerStartRaceTests holds that interleaving deterministically).
[Collection(CliInteropCollection.Name)]
public sealed class NgtcpHttp3Tests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ITestOutputHelper _output;
    private readonly string _base = Directory.CreateTempSubdirectory("aq-interop-").FullName;
    private ActorSystem _system = null!;

    public NgtcpHttp3Tests(ITestOutputHelper output) => _output = output;

    private string Root => Path.Combine(_base, "www");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var random = new Random(1234);
        foreach (var (name, size) in new[] { ("1k.bin", 1024), ("1m.bin", 1024 * 1024) })
        {
            var data = new byte[size];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(Root, name), data);
        }
        _system = ActorSystem.Create("interop", "akka.loglevel = WARNING");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        try { Directory.Delete(_base, recursive: true); } catch (IOException) { }
    }

    [NgtcpFact]
    public async Task Ngtcp2_client_downloads_1k_and_1m_from_our_server_byte_identical()
    {
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        await using var endpoint = QuicEndpoint.Bind(_system, new QuicEndpointOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Server = new QuicServerOptions
            {
                CertificateChainPem = certificate.CertificatePem,
                PrivateKeyPem = certificate.PrivateKeyPem,
                ApplicationProtocols = { Http3ServerConnection.Alpn },
            },
        });
        int port = ((IPEndPoint)endpoint.LocalEndPoint).Port;
        var log = new List<string>();
        using var stop = new CancellationTokenSource();
        var server = Http3FileServer.RunAsync(_system, endpoint, Root, FileServerOptions.Default, line => { lock (log) log.Add(line); }, stop.Token);
        try
        {
            foreach (var name in new[] { "1k.bin", "1m.bin" })
            {
                string download = Path.Combine(_base, "dl-" + name);
                Directory.CreateDirectory(download);
                // fetch.sh's flags; --exit-on-all-streams-close, or the client waits for its idle timeout.
                using var client = new BoundedProcess("timeout", ["60", NgtcpFactAttribute.Client, "-q", "--exit-on-all-streams-close",
                    $"--download={download}", "--handshake-timeout=5s", "127.0.0.1", port.ToString(), $"https://127.0.0.1:{port}/{name}"]);
                int? exit = await client.WaitAsync(Patience + TimeSpan.FromSeconds(10));
                _output.WriteLine($"gtlsclient {name}: exit {exit}\n{client.Output}");
                string file = Path.Combine(download, name);
                Assert.True(File.Exists(file), $"gtlsclient saved no {name} (exit {exit}): {client.Output}");
                Assert.Equal(File.ReadAllBytes(Path.Combine(Root, name)), File.ReadAllBytes(file));
            }
        }
        finally
        {
            stop.Cancel();
            await server.WaitAsync(Patience);
            lock (log) foreach (var line in log) _output.WriteLine(line);
        }
        lock (log) Assert.Contains(log, line => line.Contains("\"GET /1m.bin\" 200 1048576"));
    }

    [NgtcpFact]
    public async Task Our_client_downloads_1k_and_1m_from_ngtcp2_server_byte_identical()
    {
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        string key = Path.Combine(_base, "key.pem");
        string cert = Path.Combine(_base, "cert.pem");
        File.WriteAllText(key, certificate.PrivateKeyPem);
        File.WriteAllText(cert, certificate.CertificatePem);
        int port = FreeUdpPort();
        // start-server.sh's arguments: ADDR PORT KEY CERT, key before cert.
        using var server = new BoundedProcess("timeout", ["120", NgtcpFactAttribute.Server, "-q", "-d", Root, "127.0.0.1", port.ToString(), key, cert]);
        try
        {
            await using var endpoint = QuicEndpoint.Bind(_system, new QuicEndpointOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
            var quic = await ConnectWithRetryAsync(endpoint, new IPEndPoint(IPAddress.Loopback, port), server);
            Assert.Equal(Http3ServerConnection.Alpn, quic.NegotiatedApplicationProtocol);
            var materializer = _system.Materializer();
            var h3 = await Http3ClientConnection.StartAsync(quic, materializer).WaitAsync(Patience);
            string authority = $"localhost:{port}";
            // Both at once on one connection, then each checked.
            var small = h3.SendAsync("GET", authority, "/1k.bin");
            var large = h3.SendAsync("GET", authority, "/1m.bin");
            foreach (var (name, request) in new[] { ("1k.bin", small), ("1m.bin", large) })
            {
                var response = await request.WaitAsync(Patience);
                Assert.Equal(200, response.Status);
                Assert.Equal(File.ReadAllBytes(Path.Combine(Root, name)), await response.ReadBodyAsync().WaitAsync(Patience));
            }
            var missing = await h3.SendAsync("GET", authority, "/nothing-here").WaitAsync(Patience);
            Assert.Equal(404, missing.Status);
            await missing.ReadBodyAsync().WaitAsync(Patience);
            var closed = await h3.CloseAsync().WaitAsync(Patience);
            _output.WriteLine($"closed: {closed}");
        }
        finally
        {
            server.Kill();
            _output.WriteLine($"gtlsserver output:\n{server.Output}");
        }
    }

    /// <summary>The server needs a moment to bind: retry the handshake a few times while it runs.</summary>
    private static async Task<QuicConnection> ConnectWithRetryAsync(QuicEndpoint endpoint, IPEndPoint server, BoundedProcess process)
    {
        var options = new QuicClientOptions
        {
            ServerName = "localhost",
            Insecure = true, // a throwaway self-signed certificate
            ApplicationProtocols = { Http3ServerConnection.Alpn },
            HandshakeTimeout = TimeSpan.FromSeconds(5),
        };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await endpoint.ConnectAsync(server, options).WaitAsync(Patience);
            }
            catch (System.Net.Quic.QuicException) when (attempt < 5 && !process.HasExited)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>A UDP port that was free a moment ago on 127.0.0.1.</summary>
    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
