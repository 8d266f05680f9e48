using System.Net;
using System.Net.Quic;
using System.Net.Sockets;

namespace ActorQuic.Streams.Tests;

/// <summary>The public API over real UDP sockets on loopback (generous timeouts: the machine is shared).</summary>
public sealed class UdpSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public UdpSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public async Task Echo_one_megabyte_over_IPv4_loopback_with_port_0()
    {
        await using var pair = QuicPair.Udp(Sys, IPAddress.Loopback);
        var serverAddress = Assert.IsType<IPEndPoint>(pair.Server.LocalEndPoint);
        Assert.NotEqual(0, serverAddress.Port);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        Assert.Equal(serverAddress, connection.RemoteEndPoint);
        byte[] data = QuicPair.Payload(7, 1024 * 1024);
        Assert.Equal(data, await pair.EchoAsync(connection, data).WaitAsync(Patience));
        Assert.Equal(0, (await connection.CloseAsync(0, "done").WaitAsync(Patience)).ErrorCode);
    }

    [Fact]
    public async Task Echo_over_a_dual_mode_socket_from_an_IPv4_client()
    {
        var certificate = ActorQuic.Protocol.Tls.TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        await using var server = QuicEndpoint.Bind(Sys, new QuicEndpointOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.IPv6Any, 0),
            DualMode = true,
            Server = QuicPair.ServerOptions(certificate),
        });
        await using var client = QuicEndpoint.Bind(Sys, new QuicEndpointOptions());
        var materializer = Akka.Streams.ActorMaterializer.Create(Sys);
        server.IncomingConnections.RunForeach(c => c.IncomingStreams.RunForeach(s => s.Incoming.RunWith(s.Outgoing, materializer), materializer), materializer);
        int port = ((IPEndPoint)server.LocalEndPoint).Port;
        var options = new QuicClientOptions
        {
            ServerName = "localhost",
            ApplicationProtocols = { QuicPair.Echo },
            TrustedCaPems = { certificate.CertificatePem },
        };
        var connection = await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), options).WaitAsync(Patience);
        var stream = await connection.OpenBidirectionalStreamAsync();
        var echoed = await Akka.Streams.Dsl.Source.Single(Akka.IO.ByteString.FromString("dual"))
            .Via(stream.AsFlow())
            .RunAggregate("", (text, bytes) => text + bytes.ToString(), materializer)
            .WaitAsync(Patience);
        Assert.Equal("dual", echoed);
    }

    [Fact]
    public async Task Connect_to_a_port_with_nobody_fails_with_a_QuicException()
    {
        // A port that was just free: bind and release it.
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        await using var client = QuicEndpoint.Bind(Sys, new QuicEndpointOptions());
        var options = new QuicClientOptions
        {
            ApplicationProtocols = { QuicPair.Echo },
            HandshakeTimeout = TimeSpan.FromSeconds(2),
        };
        var error = await Assert.ThrowsAsync<QuicException>(() =>
            client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), options).WaitAsync(Patience));
        Assert.Equal(QuicError.ConnectionTimeout, error.QuicError);
    }

    [Fact]
    public async Task Binding_a_taken_port_throws_and_leaves_no_actor_behind()
    {
        await using var first = QuicEndpoint.Bind(Sys, new QuicEndpointOptions());
        Assert.Throws<SocketException>(() => QuicEndpoint.Bind(Sys, new QuicEndpointOptions { LocalEndPoint = (IPEndPoint)first.LocalEndPoint }));
    }
}
