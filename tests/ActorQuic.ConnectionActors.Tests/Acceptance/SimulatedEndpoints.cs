using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.ConnectionActors.Tests.Endpoint;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Simulation;
using Akka.Actor;
using Akka.TestKit;

namespace ActorQuic.ConnectionActors.Tests.Acceptance;

/// <summary>
/// A server <see cref="EndpointActor"/> and a client EndpointActor on one <see cref="SimulatedNetwork"/>,
/// each with an <see cref="EndpointApp"/> (the server's answers every stream with
/// <see cref="Response"/>). All actors run on the calling-thread dispatcher, so all work happens on
/// the test thread inside <see cref="TestScheduler.Advance"/>: one seed, one outcome.
/// </summary>
public sealed class SimulatedEndpoints
{
    public static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("10.0.0.1"), 4433);
    public static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("10.0.0.2"), 50_000);

    private readonly Akka.TestKit.Xunit2.TestKit _kit;

    /// <param name="configure">Runs after both transports exist and before any actor starts: impairments, drop rules, taps.</param>
    public SimulatedEndpoints(Akka.TestKit.Xunit2.TestKit kit, int seed, LinkImpairments impairments, byte[] response,
        Action<SimulatedEndpoints>? configure = null)
    {
        _kit = kit;
        Response = response;
        Scheduler = (TestScheduler)kit.Sys.Scheduler;
        Log = LogCollection.Attach(kit.Sys);
        Setup = new EndpointSetup(Scheduler.Now, seed, ConnectionPair.CallingThread);
        Network = new SimulatedNetwork(Scheduler, seed) { DefaultImpairments = impairments };
        ServerTransport = Network.AddEndpoint(ServerAddress);
        ClientTransport = Network.AddEndpoint(ClientAddress);
        configure?.Invoke(this);
        ServerApp = kit.Sys.ActorOf(EndpointApp.Props(ServerLog, response, ConnectionPair.CallingThread), "server-app");
        ClientApp = kit.Sys.ActorOf(EndpointApp.Props(ClientLog, dispatcher: ConnectionPair.CallingThread), "client-app");
        Server = kit.Sys.ActorOf(Setup.EndpointProps(ServerTransport, ServerApp), "server-endpoint");
        Client = kit.Sys.ActorOf(Setup.EndpointProps(ClientTransport, serverOwner: null), "client-endpoint");
        foreach (var actor in new[] { ServerApp, ClientApp, Server, Client })
            ConnectionPair.Settle(actor);
    }

    public TestScheduler Scheduler { get; }
    public List<string> Log { get; }
    public EndpointSetup Setup { get; }
    public SimulatedNetwork Network { get; }
    public SimulatedTransport ServerTransport { get; }
    public SimulatedTransport ClientTransport { get; }
    public byte[] Response { get; }
    public EndpointAppLog ServerLog { get; } = new();
    public EndpointAppLog ClientLog { get; } = new();
    public IActorRef ServerApp { get; }
    public IActorRef ClientApp { get; }
    public IActorRef Server { get; }
    public IActorRef Client { get; }

    /// <summary>Virtual time spent in <see cref="RunUntil"/> so far.</summary>
    public TimeSpan Elapsed { get; private set; }

    public string Describe() =>
        $"t={Elapsed.TotalMilliseconds} ms, network {Network.Statistics}\nclient: {ClientLog.Describe()}\nserver: {ServerLog.Describe()}\n" +
        string.Join("\n", Log.Take(30));

    /// <summary>
    /// Advances virtual time <paramref name="step"/> (default 1 ms) at a time until
    /// <paramref name="condition"/> holds or <paramref name="limit"/> passes.
    /// </summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit, TimeSpan? step = null)
    {
        TimeSpan tick = step ?? TimeSpan.FromMilliseconds(1);
        TimeSpan end = Elapsed + limit;
        while (!condition())
        {
            if (Elapsed >= end) return false;
            Scheduler.Advance(tick);
            Elapsed += tick;
        }
        return true;
    }

    /// <summary>Advances virtual time by one <paramref name="step"/>.</summary>
    public void Advance(TimeSpan step) => RunUntil(() => false, step, step);

    /// <summary>Opens a client connection (the client log's next index) and returns its actor.</summary>
    public IActorRef Connect()
    {
        int index = ClientLog.Count;
        Client.Tell(new Connect(ServerAddress, Setup.ClientOptions()), ClientApp);
        Assert.True(RunUntil(() => ClientLog.Count > index, TimeSpan.FromSeconds(1)), "no Connected: " + Describe());
        return ClientLog.ConnectionAt(index);
    }

    /// <summary>
    /// On client connection <paramref name="index"/> (server connection <paramref name="serverIndex"/>):
    /// sends <paramref name="request"/> with FIN on stream 0 and asserts that both sides
    /// establish and that the request and <see cref="Response"/> arrive byte-identical with FIN.
    /// </summary>
    public void Transfer(int index, int serverIndex, byte[] request, TimeSpan limit)
    {
        ClientLog.ConnectionAt(index).Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);
        Assert.True(RunUntil(() => ClientLog.IsFinished(index, 0) && ServerLog.IsFinished(serverIndex, 0), limit),
            "transfer incomplete: " + Describe());
        Assert.True(ClientLog.IsEstablished(index) && ServerLog.IsEstablished(serverIndex), "not established: " + Describe());
        Assert.Equal(request, ServerLog.StreamBytes(serverIndex, 0));
        Assert.Equal(Response, ClientLog.StreamBytes(index, 0));
    }

    /// <summary>Asserts that no connection of either application failed, terminated or closed.</summary>
    public void AssertNoConnectionEnded()
    {
        foreach (var (name, log) in new[] { ("client", ClientLog), ("server", ServerLog) })
        {
            for (int i = 0; i < log.Count; i++)
            {
                Assert.True(log.Read(i, r => r.Failed is null && r.Terminated is null && r.Closed is null),
                    $"{name} connection #{i} ended: " + Describe());
            }
        }
    }

    public EndpointStatisticsReport Statistics(IActorRef endpoint)
    {
        endpoint.Tell(GetEndpointStatistics.Instance, _kit.TestActor);
        return _kit.ExpectMsg<EndpointStatisticsReport>(TimeSpan.FromSeconds(10));
    }
}
