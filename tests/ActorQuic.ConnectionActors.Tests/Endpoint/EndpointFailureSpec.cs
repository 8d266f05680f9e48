using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Connection;
using Akka.Actor;
using Akka.TestKit;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// The unhappy paths of a connection under an endpoint, on virtual time: a stateless reset from
/// the peer's endpoint (the reset token travelled in the server's transport parameters, the
/// client registered it with its endpoint), a server that never answers, and bad Connect options.
/// </summary>
public sealed class EndpointFailureSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("10.0.0.1"), 4433);
    private static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("10.0.0.2"), 50_000);
    private static readonly IPEndPoint Nowhere = new(IPAddress.Parse("10.0.0.9"), 4433);

    private readonly TimeSpan _step = TimeSpan.FromMilliseconds(1);
    private readonly EndpointSetup _setup;
    private readonly EndpointAppLog _serverLog = new();
    private readonly EndpointAppLog _clientLog = new();
    private readonly IActorRef _clientApp;
    private readonly IActorRef _server;
    private readonly IActorRef _client;

    public EndpointFailureSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
        _setup = new EndpointSetup(Scheduler.Now, seed: 41, ConnectionPair.CallingThread);
        var network = new SimulatedNetwork(Scheduler, seed: 41) { DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) } };
        var serverTransport = network.AddEndpoint(ServerAddress);
        var clientTransport = network.AddEndpoint(ClientAddress);
        var serverApp = Sys.ActorOf(EndpointApp.Props(_serverLog, EndpointSetup.Payload(5, 2000), ConnectionPair.CallingThread), "server-app");
        _clientApp = Sys.ActorOf(EndpointApp.Props(_clientLog, dispatcher: ConnectionPair.CallingThread), "client-app");
        _server = Sys.ActorOf(_setup.EndpointProps(serverTransport, serverApp), "server-endpoint");
        _client = Sys.ActorOf(_setup.EndpointProps(clientTransport, serverOwner: null), "client-endpoint");
        foreach (var actor in new[] { serverApp, _clientApp, _server, _client }) ConnectionPair.Settle(actor);
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private string Describe() => $"client: {_clientLog.Describe()}\nserver: {_serverLog.Describe()}";

    [Fact]
    public void A_stateless_reset_from_the_peers_endpoint_drains_the_client_connection()
    {
        _client.Tell(new Connect(ServerAddress, _setup.ClientOptions()), _clientApp);
        Assert.True(RunUntil(() => _clientLog.Count == 1, TimeSpan.FromSeconds(1)));
        var connection = _clientLog.ConnectionAt(0);
        connection.Tell(new WriteStream(0, EndpointSetup.Payload(6, 2000), Fin: true), ActorRefs.NoSender);
        Assert.True(RunUntil(() => _clientLog.IsFinished(0, 0), TimeSpan.FromSeconds(5)), "exchange: " + Describe());
        // The server's transport parameter token and those of its three NEW_CONNECTION_ID frames (RFC 9000 §10.3).
        Assert.True(RunUntil(() => Statistics(_client).PeerResetTokenCount == 4, TimeSpan.FromMilliseconds(200)), "peer reset tokens: " + Describe());

        // The server loses its connection state; the client's next packet meets an endpoint that
        // does not know its CID and answers with a Stateless Reset (RFC 9000 §10.3).
        var serverConnection = _serverLog.ConnectionAt(0);
        Watch(serverConnection);
        serverConnection.Tell(PoisonPill.Instance);
        ExpectTerminated(serverConnection);
        Assert.True(RunUntil(() => Statistics(_server).Connections == 0, TimeSpan.FromSeconds(1)));
        Watch(connection);
        connection.Tell(new WriteStream(4, EndpointSetup.Payload(7, 2000), Fin: true), ActorRefs.NoSender);

        Assert.True(RunUntil(() => _clientLog.IsClosed(0), TimeSpan.FromSeconds(10)), "no reset: " + Describe());
        Assert.Equal(CloseSource.StatelessReset, _clientLog.Read(0, r => r.Terminated!.Info.Source));
        Assert.Null(_clientLog.Read(0, r => r.Failed)); // it was established: a reset is not a failed connect
        ExpectTerminated(connection);
        Assert.True(Statistics(_server).StatelessResetsSent >= 1);
        var client = Statistics(_client);
        Assert.True(client.StatelessResetsReceived >= 1);
        Assert.Equal(0, client.Connections);
        Assert.Equal(0, client.PeerResetTokenCount);
    }

    [Fact]
    public void A_connect_nobody_answers_fails_to_the_requester_after_the_idle_timeout()
    {
        var options = _setup.ClientOptions();
        var quick = new ClientConnectionOptions
        {
            Tls = options.Tls,
            Dispatcher = options.Dispatcher,
            Lifecycle = new ConnectionLifecycleOptions { MaxIdleTimeout = TimeSpan.FromSeconds(3) },
        };
        _client.Tell(new Connect(Nowhere, quick), _clientApp);
        Assert.True(RunUntil(() => _clientLog.Count == 1, TimeSpan.FromSeconds(1)));
        var connection = _clientLog.ConnectionAt(0);
        Watch(connection);

        Assert.True(RunUntil(() => _clientLog.Has(0, r => r.Failed is not null), TimeSpan.FromSeconds(10)), Describe());
        Assert.Equal(CloseSource.IdleTimeout, _clientLog.Read(0, r => r.Failed!.Info.Source));
        Assert.Null(_clientLog.Read(0, r => r.Established));
        RunUntil(() => false, TimeSpan.FromMilliseconds(10));
        ExpectTerminated(connection);
        Assert.Equal(0, Statistics(_client).Connections);
    }

    [Fact]
    public void Connect_without_client_connection_options_is_refused_to_the_requester()
    {
        _client.Tell(new Connect(ServerAddress, "not options"), TestActor);
        var failure = ExpectMsg<Status.Failure>();
        Assert.IsType<ArgumentException>(failure.Cause);
        Assert.Equal(0, Statistics(_client).Connections);
    }

    private EndpointStatisticsReport Statistics(IActorRef endpoint)
    {
        var probe = CreateTestProbe();
        endpoint.Tell(GetEndpointStatistics.Instance, probe.Ref);
        return probe.ExpectMsg<EndpointStatisticsReport>();
    }

    private bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        for (var spent = TimeSpan.Zero; !condition(); spent += _step)
        {
            if (spent >= limit) return false;
            Scheduler.Advance(_step);
        }
        return true;
    }
}
