using System.Collections.Concurrent;
using System.Net;
using ActorQuic.Http3.FileServer;
using ActorQuic.Http3.Transport;
using ActorQuic.Protocol.Tls;
using ActorQuic.Streams;
using Akka.Actor;
using Akka.Streams;

namespace ActorQuic.Http3.Tests.Transport;

/// <summary>
/// Our HTTP/3 file server on a real UDP socket (127.0.0.1:0) and our HTTP/3 client connected to
/// it, over our QUIC. A temp directory holds <c>root/</c> (served: seeded 1 KB and 1 MB files)
/// and <c>outside/secret.txt</c> (never served). Timeouts are generous: the machine is shared.
/// </summary>
public sealed class H3Loopback : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    public const string SecretText = "TOP SECRET outside the root\n";

    private readonly CancellationTokenSource _stop = new();

    private H3Loopback(string baseDir)
    {
        Base = baseDir;
        Root = Path.Combine(baseDir, "root");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(baseDir, "outside"));
        File.WriteAllText(Path.Combine(baseDir, "outside", "secret.txt"), SecretText);
        var random = new Random(1234);
        OneKb = new byte[1024];
        random.NextBytes(OneKb);
        OneMb = new byte[1024 * 1024];
        random.NextBytes(OneMb);
        File.WriteAllBytes(Path.Combine(Root, "1k.bin"), OneKb);
        File.WriteAllBytes(Path.Combine(Root, "1m.bin"), OneMb);
        System = ActorSystem.Create("h3-" + Guid.NewGuid().ToString("N")[..8], "akka.loglevel = WARNING");
        Materializer = System.Materializer();
    }

    public string Base { get; }
    public string Root { get; }
    public byte[] OneKb { get; }
    public byte[] OneMb { get; }
    public ActorSystem System { get; }
    public IMaterializer Materializer { get; }
    public QuicEndpoint ServerEndpoint { get; private set; } = null!;
    public QuicEndpoint ClientEndpoint { get; private set; } = null!;
    public Task ServerRun { get; private set; } = null!;
    public Http3ClientConnection Client { get; private set; } = null!;
    public ConcurrentQueue<string> AccessLog { get; } = new();
    public string Authority => $"localhost:{((IPEndPoint)ServerEndpoint.LocalEndPoint).Port}";

    public static async Task<H3Loopback> StartAsync()
    {
        var loop = new H3Loopback(Directory.CreateTempSubdirectory("aq-h3-").FullName);
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        loop.ServerEndpoint = QuicEndpoint.Bind(loop.System, new QuicEndpointOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Server = new QuicServerOptions
            {
                CertificateChainPem = certificate.CertificatePem,
                PrivateKeyPem = certificate.PrivateKeyPem,
                ApplicationProtocols = { Http3ServerConnection.Alpn },
            },
        });
        loop.ServerRun = Http3FileServer.RunAsync(loop.System, loop.ServerEndpoint, loop.Root, FileServerOptions.Default,
            loop.AccessLog.Enqueue, loop._stop.Token);
        loop.ClientEndpoint = QuicEndpoint.Bind(loop.System, new QuicEndpointOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var quic = await loop.ClientEndpoint.ConnectAsync((IPEndPoint)loop.ServerEndpoint.LocalEndPoint, new QuicClientOptions
        {
            ServerName = "localhost",
            ApplicationProtocols = { Http3ServerConnection.Alpn },
            TrustedCaPems = { certificate.CertificatePem },
        }).WaitAsync(Patience);
        loop.Client = await Http3ClientConnection.StartAsync(quic, loop.Materializer).WaitAsync(Patience);
        return loop;
    }

    /// <summary>Stops the server gracefully (GOAWAY, then H3_NO_ERROR) and waits for RunAsync to return.</summary>
    public async Task StopServerAsync()
    {
        _stop.Cancel();
        await ServerRun.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await ServerRun.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception)
        {
            // Disposal goes on regardless.
        }
        await ClientEndpoint.DisposeAsync();
        await ServerEndpoint.DisposeAsync();
        await System.Terminate();
        try { Directory.Delete(Base, recursive: true); } catch (IOException) { }
    }
}
