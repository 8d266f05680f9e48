using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Simulation;
using Akka.Actor;
using Akka.TestKit;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// A server endpoint and a client endpoint (real <see cref="EndpointActor"/>s with
/// <see cref="ConnectionActor"/> connections) on a <see cref="SimulatedNetwork"/> with 10 ms
/// one-way delay, on the TestScheduler's virtual time and the calling-thread dispatcher.
/// </summary>
public sealed class SimulatedEndpoints
{
    public static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("10.0.0.1"), 4433);
    public static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("10.0.0.2"), 50_000);

    private readonly TestKitBase _kit;
    private readonly List<string> _log;

    public SimulatedEndpoints(TestKitBase kit, int seed, byte[]? response, bool requireRetry = false,
        Func<ServerConnectionSettings, ServerConnectionSettings>? configureServer = null, string prefix = "")
    {
        _kit = kit;
        _log = LogCollection.Attach(kit.Sys);
        Scheduler = (TestScheduler)kit.Sys.Scheduler;
        Setup = new EndpointSetup(Scheduler.Now, seed, ConnectionPair.CallingThread);
        Network = new SimulatedNetwork(Scheduler, seed) { DefaultImpairments = new LinkImpairments { Delay = TimeSpan.FromMilliseconds(10) } };
        ServerTransport = Network.AddEndpoint(ServerAddress);
        ClientTransport = Network.AddEndpoint(ClientAddress);
        var serverApp = kit.Sys.ActorOf(EndpointApp.Props(ServerLog, response, ConnectionPair.CallingThread), prefix + "server-app");
        ClientApp = kit.Sys.ActorOf(EndpointApp.Props(ClientLog, dispatcher: ConnectionPair.CallingThread), prefix + "client-app");
        Server = kit.Sys.ActorOf(Setup.EndpointProps(ServerTransport, serverApp, requireRetry, configureServer), prefix + "server-endpoint");
        Client = kit.Sys.ActorOf(Setup.EndpointProps(ClientTransport, serverOwner: null), prefix + "client-endpoint");
        foreach (var actor in new[] { serverApp, ClientApp, Server, Client }) ConnectionPair.Settle(actor);
    }

    public TestScheduler Scheduler { get; }
    public EndpointSetup Setup { get; }
    public SimulatedNetwork Network { get; }
    public SimulatedTransport ServerTransport { get; }
    public SimulatedTransport ClientTransport { get; }
    public IActorRef Server { get; }
    public IActorRef Client { get; }
    public IActorRef ClientApp { get; }
    public EndpointAppLog ServerLog { get; } = new();
    public EndpointAppLog ClientLog { get; } = new();

    /// <summary>Connects with fresh (or adjusted) client options and runs until the client connection exists.</summary>
    public IActorRef Connect(Func<ClientConnectionOptions, ClientConnectionOptions>? configure = null)
    {
        var options = Setup.ClientOptions();
        if (configure is not null) options = configure(options);
        int before = ClientLog.Count;
        Client.Tell(new Connect(ServerAddress, options), ClientApp);
        if (!RunUntil(() => ClientLog.Count > before, TimeSpan.FromSeconds(1))) throw new InvalidOperationException("no Connected: " + Describe());
        return ClientLog.ConnectionAt(before);
    }

    public string Describe() =>
        $"client: {ClientLog.Describe()}\nserver: {ServerLog.Describe()}\n{string.Join("\n", _log.Take(30))}";

    public EndpointStatisticsReport Statistics(IActorRef endpoint)
    {
        endpoint.Tell(GetEndpointStatistics.Instance, _kit.TestActor);
        return _kit.ExpectMsg<EndpointStatisticsReport>();
    }

    /// <summary>Advances virtual time in 1 ms steps until <paramref name="condition"/> holds or <paramref name="limit"/> passed.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        var step = TimeSpan.FromMilliseconds(1);
        for (var spent = TimeSpan.Zero; !condition(); spent += step)
        {
            if (spent >= limit) return false;
            Scheduler.Advance(step);
        }
        return true;
    }

    public void Run(TimeSpan duration) => RunUntil(() => false, duration);
}
