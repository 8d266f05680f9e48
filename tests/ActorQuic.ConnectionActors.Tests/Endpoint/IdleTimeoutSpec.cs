using ActorQuic.ConnectionActors;
using ActorQuic.Protocol.Connection;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// Idle timeout and keep-alive (RFC 9000 §10.1, §10.1.2) end to end through endpoints on virtual
/// time: a 2 s idle timeout on both sides (the client's max_idle_timeout is the smaller one, §10.1).
/// </summary>
public sealed class IdleTimeoutSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    public IdleTimeoutSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    [Fact]
    public void An_idle_connection_with_keep_alive_survives_five_idle_timeouts()
    {
        var world = Establish(seed: 51, keepAlive: TimeSpan.FromMilliseconds(500));
        world.Run(IdleTimeout * 5);
        Assert.Null(world.ClientLog.Read(0, r => r.Terminated));
        Assert.Null(world.ServerLog.Read(0, r => r.Terminated));

        // Still usable afterwards.
        world.ClientLog.ConnectionAt(0).Tell(new WriteStream(0, EndpointSetup.Payload(1, 5000), Fin: true), ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => world.ClientLog.IsFinished(0, 0), TimeSpan.FromSeconds(2)), world.Describe());
        Assert.Equal(EndpointSetup.Payload(2, 3000), world.ClientLog.StreamBytes(0, 0));
    }

    [Fact]
    public void An_idle_connection_without_keep_alive_closes_silently_with_the_idle_outcome_on_both_sides()
    {
        var world = Establish(seed: 52, keepAlive: null);
        var start = world.Scheduler.Now;
        Assert.True(world.RunUntil(() => world.ClientLog.IsClosed(0) && world.ServerLog.IsClosed(0), IdleTimeout * 3), world.Describe());
        Assert.Equal(CloseSource.IdleTimeout, world.ClientLog.Read(0, r => r.Closed!.Info.Source));
        Assert.Equal(CloseSource.IdleTimeout, world.ServerLog.Read(0, r => r.Closed!.Info.Source));
        Assert.True(world.Scheduler.Now - start >= IdleTimeout - TimeSpan.FromMilliseconds(100), $"closed after {world.Scheduler.Now - start}");
        Assert.Equal(0, world.Statistics(world.Server).Connections);
        Assert.Equal(0, world.Statistics(world.Client).ClientConnections);
    }

    private SimulatedEndpoints Establish(int seed, TimeSpan? keepAlive)
    {
        var world = new SimulatedEndpoints(this, seed, EndpointSetup.Payload(2, 3000));
        world.Connect(o => new ClientConnectionOptions
        {
            Tls = o.Tls,
            Dispatcher = o.Dispatcher,
            LocalParameters = ConnectionOptions.DefaultParameters with { MaxIdleTimeoutMs = (ulong)IdleTimeout.TotalMilliseconds },
            Lifecycle = new ConnectionLifecycleOptions { MaxIdleTimeout = IdleTimeout, KeepAliveInterval = keepAlive },
        });
        Assert.True(world.RunUntil(() => world.ClientLog.IsEstablished(0) && world.ServerLog.IsEstablished(0), TimeSpan.FromSeconds(5)), world.Describe());
        return world;
    }
}
