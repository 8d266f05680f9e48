using System.Net;
using System.Net.Security;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Tls;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams.Tests;

/// <summary>
/// A server and a client <see cref="QuicEndpoint"/> of the public API, joined by a
/// <see cref="SimulatedNetwork"/> (in memory, seeded impairments) or by real UDP on loopback.
/// The server echoes every stream it accepts and every datagram, unless told otherwise.
/// </summary>
public sealed class QuicPair : IAsyncDisposable
{
    public static readonly SslApplicationProtocol Echo = new("echo"u8.ToArray());
    public static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("10.0.0.1"), 4433);
    public static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("10.0.0.2"), 50_000);

    private QuicPair(ActorSystem system, TlsDevelopmentCertificate certificate, QuicEndpoint server, QuicEndpoint client, IPEndPoint serverAddress)
    {
        System = system;
        Certificate = certificate;
        Server = server;
        Client = client;
        ServerAddressUsed = serverAddress;
        Materializer = system.Materializer();
    }

    public ActorSystem System { get; }
    public TlsDevelopmentCertificate Certificate { get; }
    public QuicEndpoint Server { get; }
    public QuicEndpoint Client { get; }
    public IPEndPoint ServerAddressUsed { get; }
    public IMaterializer Materializer { get; }

    /// <summary>Connections the server accepted, in order.</summary>
    public List<QuicConnection> Accepted { get; } = [];

    public static QuicServerOptions ServerOptions(TlsDevelopmentCertificate certificate) => new()
    {
        CertificateChainPem = certificate.CertificatePem,
        PrivateKeyPem = certificate.PrivateKeyPem,
        ApplicationProtocols = { Echo },
        EnableDatagrams = true,
    };

    public QuicClientOptions ClientOptions() => new()
    {
        ServerName = "localhost",
        ApplicationProtocols = { Echo },
        TrustedCaPems = { Certificate.CertificatePem },
        EnableDatagrams = true,
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Over the simulator (real scheduler: the API's tasks and stages run on the thread pool).</summary>
    public static QuicPair Simulated(ActorSystem system, int seed, LinkImpairments? impairments = null, Action<QuicServerOptions>? configure = null)
    {
        var network = new SimulatedNetwork(system.Scheduler, seed) { DefaultImpairments = impairments ?? new LinkImpairments() };
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var serverOptions = ServerOptions(certificate);
        configure?.Invoke(serverOptions);
        var server = QuicEndpoint.Bind(system, new QuicEndpointOptions { Transport = network.AddEndpoint(ServerAddress), Server = serverOptions });
        var client = QuicEndpoint.Bind(system, new QuicEndpointOptions { Transport = network.AddEndpoint(ClientAddress) });
        return Start(new QuicPair(system, certificate, server, client, ServerAddress));
    }

    /// <summary>Over real UDP sockets on a loopback address, port 0.</summary>
    public static QuicPair Udp(ActorSystem system, IPAddress loopback, Action<QuicServerOptions>? configure = null)
    {
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var serverOptions = ServerOptions(certificate);
        configure?.Invoke(serverOptions);
        var server = QuicEndpoint.Bind(system, new QuicEndpointOptions { LocalEndPoint = new IPEndPoint(loopback, 0), Server = serverOptions });
        var client = QuicEndpoint.Bind(system, new QuicEndpointOptions { LocalEndPoint = new IPEndPoint(loopback, 0) });
        return Start(new QuicPair(system, certificate, server, client, (IPEndPoint)server.LocalEndPoint));
    }

    private static QuicPair Start(QuicPair pair)
    {
        pair.Server.IncomingConnections.RunForeach(connection =>
        {
            lock (pair.Accepted) pair.Accepted.Add(connection);
            connection.IncomingStreams.RunForeach(stream =>
            {
                if (stream.CanWrite) stream.Incoming.RunWith(stream.Outgoing, pair.Materializer);
                else stream.Incoming.RunWith(Sink.Ignore<ByteString>(), pair.Materializer);
            }, pair.Materializer);
            connection.Datagrams.Incoming.RunWith(connection.Datagrams.Outgoing, pair.Materializer);
        }, pair.Materializer);
        return pair;
    }

    /// <summary>The server announces a connection when its side of the handshake completed, which may be after the client's.</summary>
    public async Task<QuicConnection> AcceptedAsync(int index = 0)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(10))
        {
            lock (Accepted)
                if (Accepted.Count > index) return Accepted[index];
            await Task.Delay(10);
        }
        throw new TimeoutException($"the server did not accept connection #{index}");
    }

    public Task<QuicConnection> ConnectAsync(QuicClientOptions? options = null) =>
        Client.ConnectAsync(ServerAddressUsed, options ?? ClientOptions());

    /// <summary>Sends <paramref name="data"/> in chunks over a new bidirectional stream and collects the echo.</summary>
    public async Task<byte[]> EchoAsync(QuicConnection connection, byte[] data, int chunk = 16 * 1024)
    {
        var stream = await connection.OpenBidirectionalStreamAsync();
        var chunks = new List<ByteString>();
        for (int offset = 0; offset < data.Length; offset += chunk)
            chunks.Add(ByteString.FromBytes(data, offset, Math.Min(chunk, data.Length - offset)));
        var written = Source.From(chunks).RunWith(stream.Outgoing, Materializer);
        var received = await stream.Incoming.RunAggregate(new MemoryStream(), (ms, bytes) =>
        {
            bytes.WriteTo(ms);
            return ms;
        }, Materializer);
        await written;
        return received.ToArray();
    }

    public static byte[] Payload(int seed, int size)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
