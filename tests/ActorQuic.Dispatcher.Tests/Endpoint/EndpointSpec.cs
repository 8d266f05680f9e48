using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using Akka.TestKit;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>
/// Shared set-up of the endpoint actor specs: an ActorSystem on Akka's TestScheduler (virtual
/// time: the router's clock only moves when a test advances it), a seeded SimulatedNetwork with
/// the endpoint and one peer, and probe-backed stand-ins for connection actors.
/// </summary>
public abstract class EndpointSpec : Akka.TestKit.Xunit2.TestKit
{
    private const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        akka.loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
        """;

    protected static readonly IPEndPoint EndpointAddress = new(IPAddress.Parse("10.0.0.1"), 4433);
    protected static readonly IPEndPoint PeerAddress = new(IPAddress.Parse("10.0.0.2"), 50_000);
    protected static readonly ConnectionId ClientDcid = ConnectionId.FromHex("8394c8f03e515708");
    protected static readonly ConnectionId ClientScid = ConnectionId.FromHex("c101c202");
    protected static readonly byte[] ResetKey = Enumerable.Range(7, 32).Select(i => (byte)(i * 3)).ToArray();
    protected static readonly byte[] TokenKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    protected EndpointSpec() : base(Config)
    {
        Network = new SimulatedNetwork(Scheduler, seed: 77);
        EndpointTransport = Network.AddEndpoint(EndpointAddress);
        Peer = Network.AddEndpoint(PeerAddress);
        PeerProbe = CreateTestProbe("peer");
        Peer.Start(new TellingSink(PeerProbe.Ref));
        Connections = CreateTestProbe("connections");
    }

    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    protected SimulatedNetwork Network { get; }

    protected SimulatedTransport EndpointTransport { get; }

    /// <summary>The remote QUIC peer: what it sends reaches the endpoint, what it receives lands in <see cref="PeerProbe"/>.</summary>
    protected SimulatedTransport Peer { get; }

    protected TestProbe PeerProbe { get; }

    /// <summary>Where the stand-in connections report.</summary>
    protected TestProbe Connections { get; }

    protected CountingArrayPool Pool { get; } = new();

    /// <summary>A datagram the peer received.</summary>
    protected sealed record PeerReceived(byte[] Bytes, EndPoint From);

    private sealed class TellingSink(IActorRef target) : IDatagramSink
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote) => target.Tell(new PeerReceived(datagram.ToArray(), remote));
    }

    protected static EndpointRouterOptions RouterOptions(int seed = 1234, bool accept = true, bool requireRetry = false,
        int maxConnections = 100, int maxHandshakes = 100, IReadOnlyList<uint>? versions = null)
    {
        var random = new Random(seed);
        return new EndpointRouterOptions
        {
            LocalConnectionIdLength = EndpointPackets.LocalCidLength,
            AcceptNewConnections = accept,
            RequireRetry = requireRetry,
            TokenCodec = new AddressTokenCodec(TokenKey, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1)),
            StatelessResetTokens = new StatelessResetTokenGenerator(ResetKey),
            StatelessResetsPerSecond = 100_000,
            StatelessResetBurst = 100_000,
            ResponsesPerSecond = 100_000,
            ResponseBurst = 100_000,
            MaxConnections = maxConnections,
            MaxHandshakesInProgress = maxHandshakes,
            SupportedVersions = versions ?? [QuicVersion.V1, QuicVersion.V2],
            Random = span => random.NextBytes(span),
        };
    }

    protected EndpointActorSettings Settings(EndpointRouterOptions? options = null, IDatagramTransport? transport = null, int intakeLimit = 1024) =>
        new()
        {
            Transport = transport ?? EndpointTransport,
            RouterOptions = options ?? RouterOptions(),
            ServerConnectionProps = ProbeConnection.Factory(Connections.Ref),
            ClientConnectionProps = ProbeConnection.Factory(Connections.Ref),
            DatagramPool = Pool,
            IntakeLimit = intakeLimit,
        };

    protected IActorRef StartEndpoint(EndpointActorSettings? settings = null)
    {
        return Sys.ActorOf(EndpointActor.Props(settings ?? Settings()), EndpointActor.ActorName(EndpointAddress));
    }

    protected void PeerSends(byte[] datagram) => Assert.True(Peer.Send(datagram, EndpointAddress));

    protected EndpointStatisticsReport Statistics(IActorRef endpoint)
    {
        endpoint.Tell(GetEndpointStatistics.Instance, TestActor);
        return ExpectMsg<EndpointStatisticsReport>();
    }

    /// <summary>Sends a client Initial and returns the server connection it created (checking the datagram reached it).</summary>
    protected ProbeConnection.Started AcceptConnection(ConnectionId dcid, ConnectionId scid)
    {
        var initial = EndpointPackets.ClientInitial(dcid, scid);
        PeerSends(initial);
        var started = Connections.ExpectMsg<ProbeConnection.Started>();
        var got = Connections.ExpectMsg<ProbeConnection.Got>();
        Assert.Equal(started.Connection, got.Connection);
        Assert.Equal(initial, got.Bytes);
        return started;
    }

    /// <summary>Runs <paramref name="message"/> through the endpoint as if <paramref name="connection"/> had sent it.</summary>
    protected static void AsConnection(IActorRef endpoint, IActorRef connection, object message) => endpoint.Tell(message, connection);
}
