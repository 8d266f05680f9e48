using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using static ActorQuic.Dispatcher.Tests.Endpoint.EndpointPackets;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>The client role on the same socket (RFC 9000 §5.2): Connect creates a client connection routed by its SCID.</summary>
public sealed class EndpointActorClientSpec : EndpointSpec
{
    private sealed record ClientOptions(string ServerName);

    [Fact]
    public void Connect_spawns_a_client_connection_and_replies_connected()
    {
        var endpoint = StartEndpoint();
        var options = new ClientOptions("example.test");
        endpoint.Tell(new Connect(PeerAddress, options), TestActor);

        var connected = ExpectMsg<Connected>();
        var started = Connections.ExpectMsg<ProbeConnection.Started>();
        Assert.Equal(connected.Connection, started.Connection);
        var context = started.Context;
        Assert.Equal(ConnectionRole.Client, context.Role);
        Assert.Equal(QuicVersion.V1, context.Version);
        Assert.Equal(connected.LocalConnectionId, context.LocalConnectionId);
        Assert.Equal(LocalCidLength, context.LocalConnectionId.Length);
        Assert.True(context.InitialDestinationConnectionId.Length >= 8); // RFC 9000 §7.2
        Assert.NotEqual(context.LocalConnectionId, context.InitialDestinationConnectionId);
        Assert.Null(context.Incoming);
        Assert.Same(options, context.ClientOptions);
        Assert.Equal(TestActor, context.Requester);
        Assert.Equal(PeerAddress, context.Remote);
        Assert.Equal($"conn-{context.LocalConnectionId}", started.Connection.Path.Name);

        var stats = Statistics(endpoint);
        Assert.Equal(1, stats.Connections);
        Assert.Equal(1, stats.ClientConnections);
        Assert.Equal(0, stats.HandshakesInProgress); // the flood guard counts server handshakes only
        Assert.Equal(1, stats.ConnectionIdCount);
    }

    [Fact]
    public void Datagrams_to_the_client_scid_reach_the_client_connection()
    {
        StartEndpoint();
        var endpointRef = Sys.ActorSelection("/user/" + EndpointActor.ActorName(EndpointAddress)).ResolveOne(TimeSpan.FromSeconds(5)).Result;
        endpointRef.Tell(new Connect(PeerAddress, null), TestActor);
        var connected = ExpectMsg<Connected>();
        var started = Connections.ExpectMsg<ProbeConnection.Started>();

        // The server's answer: a long header (Initial) and later short headers, both to our SCID.
        var serverInitial = LongHeaderWithVersion(QuicVersion.V1, connected.LocalConnectionId, ConnectionId.FromHex("5e5e5e5e"), 1200);
        PeerSends(serverInitial);
        var oneRtt = ShortHeader(connected.LocalConnectionId, 70);
        PeerSends(oneRtt);
        Assert.Equal(serverInitial, Connections.ExpectMsg<ProbeConnection.Got>().Bytes);
        var got = Connections.ExpectMsg<ProbeConnection.Got>();
        Assert.Equal(oneRtt, got.Bytes);
        Assert.Equal(started.Connection, got.Connection);
    }

    [Fact]
    public void A_client_only_endpoint_still_connects_and_two_clients_get_distinct_cids()
    {
        var endpoint = StartEndpoint(Settings(RouterOptions(accept: false)));
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        var first = ExpectMsg<Connected>();
        var second = ExpectMsg<Connected>();
        Assert.NotEqual(first.Connection, second.Connection);
        Assert.NotEqual(first.LocalConnectionId, second.LocalConnectionId);

        Connections.ExpectMsg<ProbeConnection.Started>();
        Connections.ExpectMsg<ProbeConnection.Started>();
        PeerSends(ShortHeader(second.LocalConnectionId, 64));
        Assert.Equal(second.Connection, Connections.ExpectMsg<ProbeConnection.Got>().Connection);
    }

    [Fact]
    public void Connect_fails_without_client_props_or_over_the_limit()
    {
        var settings = Settings(RouterOptions(maxConnections: 1));
        var endpoint = StartEndpoint(new EndpointActorSettings
        {
            Transport = settings.Transport,
            RouterOptions = settings.RouterOptions,
            ServerConnectionProps = settings.ServerConnectionProps,
            DatagramPool = Pool,
        });
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        Assert.IsType<InvalidOperationException>(ExpectMsg<Status.Failure>().Cause);
        Assert.Equal(0, Statistics(endpoint).Connections);
    }

    [Fact]
    public void Connect_over_the_connection_limit_fails()
    {
        var endpoint = StartEndpoint(Settings(RouterOptions(maxConnections: 1)));
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        ExpectMsg<Connected>();
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        Assert.Contains("limit", ExpectMsg<Status.Failure>().Cause.Message);
        Assert.Equal(1, Statistics(endpoint).Connections);
    }
}
