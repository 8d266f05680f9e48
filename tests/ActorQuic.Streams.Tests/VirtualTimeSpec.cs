using System.Net;
using System.Net.Quic;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Connection;
using Akka.TestKit;

namespace ActorQuic.Streams.Tests;

/// <summary>
/// Timers of the public API on the TestScheduler's virtual time over the simulated network: the
/// actors run on the thread pool, but no timer fires before the test advances the clock, so the
/// handshake timeout and the idle timeout are checked to the step, in milliseconds of real time.
/// </summary>
public sealed class VirtualTimeSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    public VirtualTimeSpec(Xunit.Abstractions.ITestOutputHelper output)
        : base("""
            akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
            akka.loglevel = WARNING
            """, output: output)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    /// <summary>Advances virtual time one step at a time, letting the thread pool catch up, until <paramref name="done"/> or the budget.</summary>
    private async Task<TimeSpan> RunUntil(Func<bool> done, TimeSpan budget, TimeSpan? step = null)
    {
        var spent = TimeSpan.Zero;
        while (!done() && spent < budget)
        {
            await Task.Delay(1);
            Scheduler.Advance(step ?? Step);
            spent += step ?? Step;
        }
        return spent;
    }

    private async Task Advance(TimeSpan span)
    {
        for (var spent = TimeSpan.Zero; spent < span; spent += TimeSpan.FromMilliseconds(100))
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task The_handshake_timeout_fires_at_its_virtual_deadline_and_not_before()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 41);
        var options = pair.ClientOptions();
        options.HandshakeTimeout = TimeSpan.FromSeconds(10);
        var attempt = pair.Client.ConnectAsync(new IPEndPoint(IPAddress.Parse("10.0.0.99"), 4433), options);
        await Advance(TimeSpan.FromSeconds(9.8));
        await Task.Delay(50);
        Assert.False(attempt.IsCompleted, "still waiting within the handshake timeout");
        await RunUntil(() => attempt.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10));
        var error = await Assert.ThrowsAsync<QuicException>(() => attempt);
        Assert.Equal(QuicError.ConnectionTimeout, error.QuicError);
    }

    [Fact]
    public async Task An_idle_connection_closes_after_the_idle_timeout_of_virtual_time()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 42, new LinkImpairments { Delay = TimeSpan.FromMilliseconds(5) });
        var connect = pair.ConnectAsync();
        await RunUntil(() => connect.IsCompleted, TimeSpan.FromSeconds(5));
        var connection = await connect;
        await RunUntil(() => pair.Accepted.Count == 1, TimeSpan.FromSeconds(1));
        var accepted = Assert.Single(pair.Accepted);

        await Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        Assert.False(connection.Closed.IsCompleted, "30 s idle timeout not reached");

        var spent = await RunUntil(() => connection.Closed.IsCompleted && accepted.Closed.IsCompleted, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(10));
        Assert.True(spent < TimeSpan.FromSeconds(3), "closed within a few PTOs of the 30 s timeout");
        Assert.Equal(CloseSource.IdleTimeout, (await connection.Closed).Source);
        Assert.Equal(CloseSource.IdleTimeout, (await accepted.Closed).Source);
    }
}
