using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// One socket, both roles (the hole-punching shape, DESIGN.md "Public API shape"): endpoint X
/// accepts a connection from endpoint Y and at the same time connects to Y's server role, over
/// real loopback UDP. Both connections share each socket and must not see each other's data.
/// </summary>
public sealed class EndpointBothRolesSpec : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>AwaitCondition polls every max/10 unless told: far too coarse for a 60 s patience.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public EndpointBothRolesSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public void Each_endpoint_accepts_from_the_other_while_connecting_to_it_on_the_same_socket()
    {
        var log = LogCollection.Attach(Sys);
        var setup = new EndpointSetup(DateTimeOffset.UtcNow, seed: 31);
        var xSocket = new UdpDatagramTransport(new UdpTransportOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var ySocket = new UdpDatagramTransport(new UdpTransportOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var xAddress = (IPEndPoint)xSocket.LocalEndPoint;
        var yAddress = (IPEndPoint)ySocket.LocalEndPoint;
        byte[] xRequest = EndpointSetup.Payload(10, 100 * 1024), yResponse = EndpointSetup.Payload(11, 100 * 1024);
        byte[] yRequest = EndpointSetup.Payload(12, 100 * 1024), xResponse = EndpointSetup.Payload(13, 100 * 1024);
        EndpointAppLog xServerLog = new(), xClientLog = new(), yServerLog = new(), yClientLog = new();
        var xServerApp = Sys.ActorOf(EndpointApp.Props(xServerLog, xResponse), "x-server-app");
        var yServerApp = Sys.ActorOf(EndpointApp.Props(yServerLog, yResponse), "y-server-app");
        var xClientApp = Sys.ActorOf(EndpointApp.Props(xClientLog), "x-client-app");
        var yClientApp = Sys.ActorOf(EndpointApp.Props(yClientLog), "y-client-app");
        var x = Sys.ActorOf(setup.EndpointProps(xSocket, xServerApp), "x");
        var y = Sys.ActorOf(setup.EndpointProps(ySocket, yServerApp), "y");
        Statistics(x);
        Statistics(y);
        string Describe() =>
            $"x client {xClientLog.Describe()}\nx server {xServerLog.Describe()}\ny client {yClientLog.Describe()}\ny server {yServerLog.Describe()}\n" +
            string.Join("\n", log.Take(30));

        x.Tell(new Connect(yAddress, setup.ClientOptions()), xClientApp);
        y.Tell(new Connect(xAddress, setup.ClientOptions()), yClientApp);
        AwaitCondition(() => xClientLog.Count == 1 && yClientLog.Count == 1, Patience, Poll);
        xClientLog.ConnectionAt(0).Tell(new WriteStream(0, xRequest, Fin: true), ActorRefs.NoSender);
        yClientLog.ConnectionAt(0).Tell(new WriteStream(0, yRequest, Fin: true), ActorRefs.NoSender);

        AwaitCondition(() => xClientLog.IsFinished(0, 0) && yClientLog.IsFinished(0, 0) && xServerLog.IsFinished(0, 0) && yServerLog.IsFinished(0, 0),
            Patience, Poll, "transfers: " + Describe());
        Assert.Equal(xRequest, yServerLog.StreamBytes(0, 0));
        Assert.Equal(yResponse, xClientLog.StreamBytes(0, 0));
        Assert.Equal(yRequest, xServerLog.StreamBytes(0, 0));
        Assert.Equal(xResponse, yClientLog.StreamBytes(0, 0));
        Assert.Equal(1, xServerLog.Count); // nothing leaked across the two connections of a socket
        Assert.Equal(1, yServerLog.Count);
        foreach (var endpoint in new[] { x, y })
        {
            var report = Statistics(endpoint);
            Assert.Equal(2, report.Connections);
            Assert.Equal(1, report.ClientConnections);
        }

        xClientLog.ConnectionAt(0).Tell(new CloseConnection(0, "x done"));
        yClientLog.ConnectionAt(0).Tell(new CloseConnection(0, "y done"));
        AwaitCondition(() => xClientLog.IsClosed(0) && yClientLog.IsClosed(0) && xServerLog.IsClosed(0) && yServerLog.IsClosed(0),
            Patience, Poll, "close: " + Describe());
        Assert.Equal("x done", yServerLog.Read(0, r => r.Closed!.Info.Reason));
        Assert.Equal("y done", xServerLog.Read(0, r => r.Closed!.Info.Reason));
        foreach (var endpoint in new[] { x, y })
        {
            AwaitCondition(() => Statistics(endpoint).Connections == 0, Patience, Poll);
            Assert.Equal(0, Statistics(endpoint).ConnectionIdCount);
        }
    }

    private EndpointStatisticsReport Statistics(IActorRef endpoint) =>
        endpoint.Ask<EndpointStatisticsReport>(GetEndpointStatistics.Instance, Patience).GetAwaiter().GetResult();
}
