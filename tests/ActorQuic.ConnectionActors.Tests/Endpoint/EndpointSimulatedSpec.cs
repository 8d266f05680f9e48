using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Connection;
using Akka.Actor;
using Akka.TestKit;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// Issue #4 on virtual time: a server <see cref="EndpointActor"/> and a client EndpointActor on
/// two simulated transports, whose connections are real <see cref="ConnectionActor"/>s. Every
/// actor runs on the calling-thread dispatcher, so all work happens inside TestScheduler.Advance.
/// </summary>
public sealed class EndpointSimulatedSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("10.0.0.1"), 4433);
    private static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("10.0.0.2"), 50_000);

    private readonly TimeSpan _step = TimeSpan.FromMilliseconds(1);

    public EndpointSimulatedSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void Connect_through_endpoints_then_1_MB_each_way_then_close_leaves_both_endpoints_up_and_empty()
    {
        var log = LogCollection.Attach(Sys);
        var setup = new EndpointSetup(Scheduler.Now, seed: 11, ConnectionPair.CallingThread);
        var network = new SimulatedNetwork(Scheduler, seed: 11) { DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) } };
        var serverTransport = network.AddEndpoint(ServerAddress);
        var clientTransport = network.AddEndpoint(ClientAddress);
        byte[] request = EndpointSetup.Payload(1, 1024 * 1024);
        byte[] response = EndpointSetup.Payload(2, 1024 * 1024);
        var serverLog = new EndpointAppLog();
        var clientLog = new EndpointAppLog();
        var serverApp = Sys.ActorOf(EndpointApp.Props(serverLog, response, ConnectionPair.CallingThread), "server-app");
        var clientApp = Sys.ActorOf(EndpointApp.Props(clientLog, dispatcher: ConnectionPair.CallingThread), "client-app");
        var server = Sys.ActorOf(setup.EndpointProps(serverTransport, serverApp), "server-endpoint");
        var client = Sys.ActorOf(setup.EndpointProps(clientTransport, serverOwner: null), "client-endpoint");
        foreach (var actor in new[] { serverApp, clientApp, server, client }) ConnectionPair.Settle(actor);
        string Describe() => $"client: {clientLog.Describe()}\nserver: {serverLog.Describe()}\n{string.Join("\n", log.Take(30))}";

        client.Tell(new Connect(ServerAddress, setup.ClientOptions()), clientApp);
        Assert.True(RunUntil(() => clientLog.Count == 1, TimeSpan.FromSeconds(1)), "no Connected: " + Describe());
        var connection = clientLog.ConnectionAt(0);
        connection.Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);

        Assert.True(RunUntil(() => clientLog.IsEstablished(0) && serverLog.IsEstablished(0), TimeSpan.FromSeconds(5)),
            "handshake did not complete: " + Describe());
        Assert.Equal("hq-interop", clientLog.Read(0, r => r.Established!.ApplicationProtocol));
        Assert.Equal(setup.Certificate.Thumbprint, clientLog.Read(0, r => Assert.Single(r.Established!.PeerCertificates).Thumbprint));
        Assert.Equal(0, Statistics(server).HandshakesInProgress); // the server connection reported HandshakeCompleted

        Assert.True(RunUntil(() => serverLog.IsFinished(0, 0) && clientLog.IsFinished(0, 0), TimeSpan.FromSeconds(60)),
            "transfer incomplete: " + Describe());
        Assert.Equal(request, serverLog.StreamBytes(0, 0));
        Assert.Equal(response, clientLog.StreamBytes(0, 0));
        Assert.Equal(1, Statistics(server).Connections);
        Assert.Equal(1, Statistics(client).ClientConnections);

        Watch(connection);
        connection.Tell(new CloseConnection(0, "done"));
        Assert.True(RunUntil(() => clientLog.IsClosed(0) && serverLog.IsClosed(0), TimeSpan.FromSeconds(10)),
            "both connections should close: " + Describe());
        ExpectTerminated(connection);
        Assert.Equal(CloseSource.Local, clientLog.Read(0, r => r.Closed!.Info.Source));
        Assert.Equal("done", serverLog.Read(0, r => r.Closed!.Info.Reason));
        Assert.Null(clientLog.Read(0, r => r.Failed));

        // Both endpoints are still up (they answer) and forgot the connections, their CIDs and tokens.
        RunUntil(() => false, TimeSpan.FromMilliseconds(50));
        foreach (var endpoint in new[] { server, client })
        {
            var report = Statistics(endpoint);
            Assert.Equal(0, report.Connections);
            Assert.Equal(0, report.ConnectionIdCount);
            Assert.Equal(0, report.PeerResetTokenCount);
            Assert.Equal(0, report.HandshakesInProgress);
            Assert.Equal(0, report.ConnectionFailures);
        }
        Assert.True(setup.Pool.Rented > 1000, $"only {setup.Pool.Rented} datagrams went through the endpoints");
        Assert.Equal(0, setup.Pool.Outstanding);
    }

    private EndpointStatisticsReport Statistics(IActorRef endpoint)
    {
        endpoint.Tell(GetEndpointStatistics.Instance, TestActor);
        return ExpectMsg<EndpointStatisticsReport>();
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
