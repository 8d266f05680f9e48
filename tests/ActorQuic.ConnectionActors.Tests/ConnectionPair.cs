using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using Akka.TestKit;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>
/// A client and a server <see cref="ConnectionActor"/> joined by a <see cref="SimulatedNetwork"/>
/// on the TestScheduler's virtual time. Every actor runs on the TestKit's calling-thread
/// dispatcher, so all work happens on the test thread inside <see cref="TestScheduler.Advance"/>:
/// one seed, one outcome.
/// </summary>
public sealed class ConnectionPair
{
    public const string CallingThread = "akka.test.calling-thread-dispatcher";
    public const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        """;

    public static readonly SslApplicationProtocol HqInterop = new("hq-interop"u8.ToArray());
    public static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("127.0.0.1"), 4433);
    public static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("127.0.0.2"), 50_000);

    private readonly ActorSystem _system;
    private readonly Random _random;
    private readonly TlsDevelopmentCertificate _certificate;
    private readonly TransportParameters _serverParameters;

    /// <param name="serverParameters">The server's transport parameters (default: ConnectionOptions.DefaultParameters).</param>
    /// <param name="clientParameters">The client's transport parameters.</param>
    /// <param name="serverReads">Which streams the server's app reads as they appear (default: all).</param>
    /// <param name="clientReads">Which streams the client's app reads as they appear (default: all).</param>
    public ConnectionPair(ActorSystem system, int seed, LinkImpairments impairments, byte[]? serverResponse = null,
        TransportParameters? serverParameters = null, TransportParameters? clientParameters = null,
        Func<ulong, bool>? serverReads = null, Func<ulong, bool>? clientReads = null,
        ActorQuic.Protocol.Recovery.CongestionControlAlgorithm congestionControl = default)
    {
        _congestionControl = congestionControl;
        _serverParameters = serverParameters ?? ConnectionOptions.DefaultParameters;
        _system = system;
        Log = LogCollection.Attach(system);
        _random = new Random(seed);
        Scheduler = (TestScheduler)system.Scheduler;
        Network = new SimulatedNetwork(Scheduler, seed) { DefaultImpairments = impairments };
        ClientTransport = Network.AddEndpoint(ClientAddress);
        ServerTransport = Network.AddEndpoint(ServerAddress);
        _certificate = TlsDevelopmentCertificate.Create(Scheduler.Now);
        ServerCertificate = X509Certificate2.CreateFromPem(_certificate.CertificatePem);

        ClientApp = system.ActorOf(RecordingApp.Props(ClientLog, reads: clientReads), "client-app");
        ServerApp = system.ActorOf(RecordingApp.Props(ServerLog, serverResponse, serverReads), "server-app");
        Settle(ClientApp);
        Settle(ServerApp);

        var clientCid = NewCid();
        var originalDcid = NewCid();
        Client = system.ActorOf(ConnectionActor.Props(new ConnectionOptions
        {
            IsServer = false,
            Transport = ClientTransport,
            Remote = ServerAddress,
            LocalConnectionId = clientCid,
            OriginalDestinationConnectionId = originalDcid,
            TlsClient = new TlsClientOptions
            {
                ServerName = "localhost",
                ApplicationProtocols = { HqInterop },
                TrustedRoots = [ServerCertificate],
                Random = Seeded(seed + 1),
            },
            Owner = ClientApp,
            LocalParameters = clientParameters ?? ConnectionOptions.DefaultParameters,
            CongestionControl = congestionControl,
            Dispatcher = CallingThread,
        }), "client");
        Settle(Client);
        ClientTransport.Start(ForwardingSink.To(Client));
        ServerSink = new ForwardingSink(CreateServer);
        ServerTransport.Start(ServerSink);
    }

    private readonly ActorQuic.Protocol.Recovery.CongestionControlAlgorithm _congestionControl;

    public TestScheduler Scheduler { get; }
    public List<string> Log { get; }
    public SimulatedNetwork Network { get; }
    public SimulatedTransport ClientTransport { get; }
    public SimulatedTransport ServerTransport { get; }
    public ForwardingSink ServerSink { get; }
    public X509Certificate2 ServerCertificate { get; }
    public AppLog ClientLog { get; } = new();
    public AppLog ServerLog { get; } = new();
    public IActorRef ClientApp { get; }
    public IActorRef ServerApp { get; }
    public IActorRef Client { get; }
    public IActorRef? Server => ServerSink.Connection;

    /// <summary>A one-line summary for assertion messages.</summary>
    public string Describe() =>
        $"t={Elapsed.TotalMilliseconds}ms client sent {ClientTransport.DatagramsSent} recv {ClientTransport.DatagramsReceived} sinkErr {ClientTransport.SinkErrors}; " +
        $"server sent {ServerTransport.DatagramsSent} recv {ServerTransport.DatagramsReceived} sinkErr {ServerTransport.SinkErrors}; " +
        $"client term {ClientLog.Terminated?.Info} server term {ServerLog.Terminated?.Info}; est c={ClientLog.Established is not null} s={ServerLog.Established is not null}\n" +
        string.Join("\n", Log.Take(40));

    /// <summary>Virtual time spent in <see cref="RunUntil"/> so far.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Advances virtual time 1 ms at a time until <paramref name="condition"/> holds or <paramref name="limit"/> passes.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        TimeSpan end = Elapsed + limit;
        while (!condition())
        {
            if (Elapsed >= end) return false;
            Scheduler.Advance(TimeSpan.FromMilliseconds(1));
            Elapsed += TimeSpan.FromMilliseconds(1);
        }
        return true;
    }

    /// <summary>What the endpoint does for a new Initial: a server connection keyed by the client's CIDs.</summary>
    private IActorRef CreateServer(byte[] firstDatagram, IPEndPoint from)
    {
        if (!PacketHeaderParser.TryParse(firstDatagram, 8, out var header) || header.Type != PacketType.Initial)
            throw new InvalidOperationException("the first datagram must start with an Initial");
        var certificate = TlsCertificate.FromPem(_certificate.CertificatePem, _certificate.PrivateKeyPem);
        var server = _system.ActorOf(ConnectionActor.Props(new ConnectionOptions
        {
            IsServer = true,
            Transport = ServerTransport,
            Remote = from,
            LocalConnectionId = NewCid(),
            OriginalDestinationConnectionId = new ConnectionId(header.DestinationConnectionId.Span),
            PeerConnectionId = new ConnectionId(header.SourceConnectionId.Span),
            TlsServer = new TlsServerOptions
            {
                Certificate = certificate,
                ApplicationProtocols = { HqInterop },
                Random = Seeded(_random.Next()),
            },
            Owner = ServerApp,
            LocalParameters = _serverParameters,
            CongestionControl = _congestionControl,
            Dispatcher = CallingThread,
        }), "server");
        Settle(server);
        return server;
    }

    /// <summary>
    /// Waits until the actor (and the cascade of its PreStart) was created: ActorSystem.ActorOf
    /// starts actors on a pool thread even with the calling-thread dispatcher; everything after
    /// runs on the thread that sends, i.e. the test thread.
    /// </summary>
    public static void Settle(IActorRef actor) =>
        actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();

    private ConnectionId NewCid()
    {
        Span<byte> bytes = stackalloc byte[8];
        _random.NextBytes(bytes);
        return new ConnectionId(bytes);
    }

    private static Action<Span<byte>> Seeded(int seed)
    {
        var rng = new Random(seed);
        return span => rng.NextBytes(span);
    }
}
