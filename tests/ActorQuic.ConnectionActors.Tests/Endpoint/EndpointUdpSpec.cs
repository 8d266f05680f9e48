using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Connection;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// Issue #4 over REAL loopback UDP, in real time (default dispatcher and scheduler): a server
/// and a client <see cref="EndpointActor"/> on <see cref="UdpDatagramTransport"/>s, connections
/// made by <see cref="ConnectionActor"/>'s factories. Timeouts are generous and nothing is timed.
/// </summary>
public sealed class EndpointUdpSpec : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>AwaitCondition polls every max/10 unless told: far too coarse for a 60 s patience.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public EndpointUdpSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void One_MB_each_way_then_20_sequential_connections_of_10_KB_leave_no_connection_behind(string address)
    {
        var log = LogCollection.Attach(Sys);
        var loopback = IPAddress.Parse(address);
        var setup = new EndpointSetup(DateTimeOffset.UtcNow, seed: 21);
        var serverSocket = new UdpDatagramTransport(new UdpTransportOptions { LocalEndPoint = new IPEndPoint(loopback, 0) });
        var clientSocket = new UdpDatagramTransport(new UdpTransportOptions { LocalEndPoint = new IPEndPoint(loopback, 0) });
        var serverAddress = (IPEndPoint)serverSocket.LocalEndPoint;
        byte[] big = EndpointSetup.Payload(3, 1024 * 1024);
        byte[] small = EndpointSetup.Payload(4, 10 * 1024);
        var serverLog = new EndpointAppLog();
        var clientLog = new EndpointAppLog();
        // The server answers the first data of each stream with the same 1 MB, then 10 KB for the rest.
        var serverApp = Sys.ActorOf(Props.Create(() => new SizedResponder(serverLog, big, small)), "server-app");
        var clientApp = Sys.ActorOf(EndpointApp.Props(clientLog), "client-app");
        var server = Sys.ActorOf(setup.EndpointProps(serverSocket, serverApp), EndpointActor.ActorName(serverSocket.LocalEndPoint));
        var client = Sys.ActorOf(setup.EndpointProps(clientSocket, serverOwner: null), EndpointActor.ActorName(clientSocket.LocalEndPoint));
        Statistics(server);
        Statistics(client);
        string Describe() => $"client: {clientLog.Describe()}\nserver: {serverLog.Describe()}\n{string.Join("\n", log.Take(30))}";

        // 1 MB each way on a bidirectional stream.
        client.Tell(new Connect(serverAddress, setup.ClientOptions()), clientApp);
        AwaitCondition(() => clientLog.Count == 1, Patience, Poll);
        clientLog.ConnectionAt(0).Tell(new WriteStream(0, big, Fin: true), ActorRefs.NoSender);
        AwaitCondition(() => clientLog.IsFinished(0, 0) && serverLog.IsFinished(0, 0), Patience, Poll, "1 MB transfer: " + Describe());
        Assert.Equal(big, serverLog.StreamBytes(0, 0));
        Assert.Equal(big, clientLog.StreamBytes(0, 0));
        CloseAndAwait(clientLog, serverLog, 0, Describe);

        // 20 sequential connections on the same pair of endpoints, 10 KB each way.
        for (int i = 1; i <= 20; i++)
        {
            client.Tell(new Connect(serverAddress, setup.ClientOptions()), clientApp);
            AwaitCondition(() => clientLog.Count == i + 1, Patience, Poll);
            clientLog.ConnectionAt(i).Tell(new WriteStream(0, small, Fin: true), ActorRefs.NoSender);
            int index = i;
            AwaitCondition(() => clientLog.IsFinished(index, 0) && serverLog.IsFinished(index, 0), Patience, Poll, $"connection {i}: " + Describe());
            Assert.Equal(small, serverLog.StreamBytes(i, 0));
            Assert.Equal(small, clientLog.StreamBytes(i, 0));
            Assert.Equal(serverSocket.LocalEndPoint, clientLog.Read(i, r => r.Established is null ? null : serverSocket.LocalEndPoint));
            CloseAndAwait(clientLog, serverLog, i, Describe);
        }

        // No leaked connection actors: the endpoints' tables are empty and they have no children.
        foreach (var endpoint in new[] { server, client })
        {
            AwaitCondition(() => Statistics(endpoint).Connections == 0, Patience, Poll);
            var report = Statistics(endpoint);
            Assert.Equal(0, report.ConnectionIdCount);
            Assert.Equal(0, report.PeerResetTokenCount);
            Assert.Equal(0, report.HandshakesInProgress);
            Assert.Equal(0, report.ConnectionFailures);
            Assert.Equal(0, CountChildren(endpoint));
        }
        Assert.Equal(21, serverLog.Count);
        AwaitCondition(() => setup.Pool.Outstanding == 0, Patience, Poll, $"{setup.Pool.Outstanding} pooled datagrams not returned");
    }

    private void CloseAndAwait(EndpointAppLog clientLog, EndpointAppLog serverLog, int index, Func<string> describe)
    {
        var connection = clientLog.ConnectionAt(index);
        Watch(connection);
        connection.Tell(new CloseConnection(0, "done"));
        AwaitCondition(() => clientLog.IsClosed(index) && serverLog.IsClosed(index), Patience, Poll, $"close {index}: " + describe());
        ExpectTerminated(connection, Patience);
        Unwatch(connection);
        Assert.Equal(CloseSource.Peer, serverLog.Read(index, r => r.Closed!.Info.Source));
    }

    private EndpointStatisticsReport Statistics(IActorRef endpoint) =>
        endpoint.Ask<EndpointStatisticsReport>(GetEndpointStatistics.Instance, Patience).GetAwaiter().GetResult();

    /// <summary>Children of <paramref name="endpoint"/> that answer Identify (a selection with no match answers nothing).</summary>
    private int CountChildren(IActorRef endpoint)
    {
        var probe = CreateTestProbe();
        Sys.ActorSelection(endpoint.Path / "*").Tell(new Identify("children"), probe.Ref);
        int count = 0;
        while (probe.ReceiveOne(TimeSpan.FromMilliseconds(500)) is ActorIdentity { Subject: not null }) count++;
        return count;
    }

    /// <summary>Answers the first stream of the first connection with <paramref name="first"/>, later ones with <paramref name="rest"/>.</summary>
    private sealed class SizedResponder : ReceiveActor
    {
        public SizedResponder(EndpointAppLog log, byte[] first, byte[] rest)
        {
            var answered = new HashSet<(IActorRef, ulong)>();
            ReceiveAny(message =>
            {
                log.Record(Sender, message);
                ReadLoop.Continue(message, Sender);
                if (message is StreamDataReceived data && answered.Add((Sender, data.StreamId)))
                    Sender.Tell(new WriteStream(data.StreamId, answered.Count == 1 ? first : rest, Fin: true));
            });
        }
    }
}
