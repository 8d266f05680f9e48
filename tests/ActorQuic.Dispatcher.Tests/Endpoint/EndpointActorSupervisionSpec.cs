using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using static ActorQuic.Dispatcher.Tests.Endpoint.EndpointPackets;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>Supervision and lifecycle: a failing connection is stopped alone; Unbind closes the socket and every connection.</summary>
public sealed class EndpointActorSupervisionSpec : EndpointSpec
{
    [Fact]
    public void A_connection_that_throws_is_stopped_with_one_log_line_and_the_endpoint_keeps_routing()
    {
        var endpoint = StartEndpoint();
        var failing = AcceptConnection(ClientDcid, ClientScid);
        var healthy = AcceptConnection(ConnectionId.FromHex("0909090909090909"), ClientScid);
        Watch(failing.Connection);
        Watch(endpoint);

        string cid = failing.Context.LocalConnectionId.ToString();
        EventFilter.Warning(contains: cid).ExpectOne(() => failing.Connection.Tell(new ProbeConnection.Fail("bug")));
        ExpectTerminated(failing.Connection);

        // Routing goes on for the other connection; the failed one's CIDs are gone.
        var oneRtt = ShortHeader(healthy.Context.LocalConnectionId, 200);
        PeerSends(oneRtt);
        var got = Connections.ExpectMsg<ProbeConnection.Got>();
        Assert.Equal(healthy.Connection, got.Connection);
        AwaitAssert(() =>
        {
            var stats = Statistics(endpoint);
            Assert.Equal(1, stats.ConnectionFailures);
            Assert.Equal(1, stats.Connections);
            Assert.Equal(2, stats.ConnectionIdCount);
        });
        PeerSends(ShortHeader(failing.Context.LocalConnectionId, 90));
        PeerProbe.ExpectMsg<PeerReceived>(); // a stateless reset: nobody owns that CID now
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // in particular, no Terminated for the endpoint
    }

    [Fact]
    public void Unbind_replies_stops_the_connections_and_closes_the_socket()
    {
        var endpoint = StartEndpoint();
        var server = AcceptConnection(ClientDcid, ClientScid);
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        var client = ExpectMsg<Connected>();
        Watch(endpoint);
        Watch(server.Connection);
        Watch(client.Connection);

        endpoint.Tell(Unbind.Instance, TestActor);
        Assert.Equal(EndpointAddress, ExpectMsg<Unbound>().LocalEndPoint);
        var terminated = new HashSet<IActorRef>();
        for (int i = 0; i < 3; i++)
            terminated.Add(ExpectMsg<Terminated>().ActorRef);
        Assert.Equal(new HashSet<IActorRef> { endpoint, server.Connection, client.Connection }, terminated);

        // The simulated socket left the network: sends from it fail and nothing reaches it.
        Assert.False(EndpointTransport.Send(new byte[30], PeerAddress));
        PeerSends(ShortHeader(server.Context.LocalConnectionId, 60));
        Assert.Equal(1, Network.Statistics.Unroutable);
    }

    [Fact]
    public void Stopping_the_endpoint_disposes_a_transport_it_made_from_a_factory()
    {
        ManualTransport? made = null;
        var settings = Settings();
        var endpoint = StartEndpoint(new EndpointActorSettings
        {
            TransportFactory = () => made = new ManualTransport(EndpointAddress),
            RouterOptions = settings.RouterOptions,
            ServerConnectionProps = settings.ServerConnectionProps,
            DatagramPool = Pool,
        });
        Watch(endpoint);
        AwaitCondition(() => made is not null && made.Started.IsSet);
        Sys.Stop(endpoint);
        ExpectTerminated(endpoint);
        Assert.True(made!.IsDisposed);
    }

    [Fact]
    public void Invalid_settings_fail_when_the_props_are_made()
    {
        var options = RouterOptions();
        Assert.Throws<ArgumentException>(() => EndpointActor.Props(new EndpointActorSettings { RouterOptions = options }));
        Assert.Throws<ArgumentException>(() => EndpointActor.Props(new EndpointActorSettings
        {
            Transport = EndpointTransport, RouterOptions = options, // server role without server Props
        }));
        Assert.Throws<ArgumentOutOfRangeException>(() => EndpointActor.Props(Settings(intakeLimit: 0)));
    }
}
