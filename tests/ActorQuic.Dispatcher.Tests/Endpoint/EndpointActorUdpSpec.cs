using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Tests.Transport;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using static ActorQuic.Dispatcher.Tests.Endpoint.EndpointPackets;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>The one end-to-end check over a real loopback UDP socket (real scheduler; nothing timed).</summary>
public sealed class EndpointActorUdpSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public EndpointActorUdpSpec() : base("akka.loglevel = WARNING")
    {
    }

    [Fact]
    public void A_client_initial_over_loopback_reaches_a_new_connection_whose_reply_reaches_the_client()
    {
        var connections = CreateTestProbe();
        var serverSocket = new UdpDatagramTransport(new UdpTransportOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        using var clientSocket = new UdpDatagramTransport(new UdpTransportOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var clientSink = new RecordingSink();
        clientSocket.Start(clientSink);
        var random = new Random(5);
        var endpoint = Sys.ActorOf(EndpointActor.Props(new EndpointActorSettings
        {
            Transport = serverSocket,
            RouterOptions = new EndpointRouterOptions
            {
                AcceptNewConnections = true,
                StatelessResetTokens = StatelessResetTokenGenerator.CreateRandom(),
                Random = span => random.NextBytes(span),
            },
            ServerConnectionProps = ProbeConnection.Factory(connections.Ref),
        }), EndpointActor.ActorName(serverSocket.LocalEndPoint));

        var dcid = ConnectionId.FromHex("0011223344556677");
        var scid = ConnectionId.FromHex("cafe0001");
        var initial = ClientInitial(dcid, scid);
        // The endpoint starts its socket in PreStart; the statistics reply proves it has.
        endpoint.Tell(GetEndpointStatistics.Instance, TestActor);
        ExpectMsg<EndpointStatisticsReport>();
        Assert.True(clientSocket.Send(initial, serverSocket.LocalEndPoint));

        var started = connections.ExpectMsg<ProbeConnection.Started>(Patience);
        Assert.Equal(clientSocket.LocalEndPoint, started.Context.Remote);
        Assert.Equal(initial, connections.ExpectMsg<ProbeConnection.Got>(Patience).Bytes);

        var reply = ShortHeader(scid, 64, seed: 8);
        started.Connection.Tell(new ProbeConnection.SendToPeer(reply));
        Assert.True(clientSink.WaitFor(1, Patience));
        var (data, from) = clientSink.Snapshot()[0];
        Assert.Equal(reply, data);
        Assert.Equal(serverSocket.LocalEndPoint, from);

        Watch(endpoint);
        endpoint.Tell(Unbind.Instance, TestActor);
        ExpectMsg<Unbound>();
        ExpectTerminated(endpoint);
        Assert.False(serverSocket.Send(reply, clientSocket.LocalEndPoint)); // the endpoint disposed its socket
    }
}
