using System.Net;
using ActorQuic.Http3.Transport;
using ActorQuic.Protocol.Tls;
using ActorQuic.Streams;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Tests.Transport;

/// <summary>
/// One h3-ALPN QUIC connection over real UDP loopback, without any HTTP/3 on either side yet:
/// the client side is connected, the server side is the accepted connection (it may still be on
/// its way when ConnectAsync returns).
/// </summary>
internal sealed class QuicPair : IAsyncDisposable
{
    private readonly QuicEndpoint _serverEndpoint;
    private readonly QuicEndpoint _clientEndpoint;

    private QuicPair(QuicEndpoint serverEndpoint, QuicEndpoint clientEndpoint, QuicConnection client, Task<QuicConnection> server)
    {
        _serverEndpoint = serverEndpoint;
        _clientEndpoint = clientEndpoint;
        Client = client;
        Server = server;
    }

    public QuicConnection Client { get; }

    public Task<QuicConnection> Server { get; }

    public static async Task<QuicPair> ConnectAsync(ActorSystem system, IMaterializer materializer)
    {
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var server = QuicEndpoint.Bind(system, new QuicEndpointOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Server = new QuicServerOptions
            {
                CertificateChainPem = certificate.CertificatePem,
                PrivateKeyPem = certificate.PrivateKeyPem,
                ApplicationProtocols = { Http3ServerConnection.Alpn },
            },
        });
        var clientEndpoint = QuicEndpoint.Bind(system, new QuicEndpointOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var accepted = server.IncomingConnections.RunWith(Sink.First<QuicConnection>(), materializer);
        var client = await clientEndpoint.ConnectAsync((IPEndPoint)server.LocalEndPoint, new QuicClientOptions
        {
            ServerName = "localhost",
            ApplicationProtocols = { Http3ServerConnection.Alpn },
            TrustedCaPems = { certificate.CertificatePem },
        }).WaitAsync(H3Loopback.Patience);
        return new QuicPair(server, clientEndpoint, client, accepted);
    }

    public async ValueTask DisposeAsync()
    {
        await _clientEndpoint.DisposeAsync();
        await _serverEndpoint.DisposeAsync();
    }
}
