using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Recovery;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorQuic.ConnectionActors.Tests.Recovery;

/// <summary>
/// RFC 9002 §7.8 through the actors: a sender that runs out of data with room in the window
/// tells congestion control it is application limited, so acknowledgments of a slow writer's
/// packets do not grow the window; a bulk writer, limited by the window, does grow it.
/// </summary>
public sealed class AppLimitedSpec : Akka.TestKit.Xunit2.TestKit
{
    private const int Chunk = 2_000;
    private const int Chunks = 200;
    private static readonly LinkImpairments Path = new() { Delay = TimeSpan.FromMilliseconds(10) };
    private static readonly long InitialWindow = RecoveryConstants.InitialWindow(1200);

    private readonly ITestOutputHelper _output;

    public AppLimitedSpec(ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
        _output = output;
    }

    private RecoverySnapshot Upload(ActorSystem system, TimeSpan interval)
    {
        byte[] request = RecoveryProbe.Payload(81, Chunk * Chunks);
        var pair = new ConnectionPair(system, seed: 91, Path, serverResponse: [1, 2, 3]);
        int written = 0;
        Assert.True(pair.RunUntil(() =>
            {
                if (written < Chunks && pair.Elapsed >= interval * written)
                {
                    pair.Client.Tell(new WriteStream(0, request.AsSpan(written * Chunk, Chunk).ToArray(), Fin: written == Chunks - 1), ActorRefs.NoSender);
                    written++;
                }
                return pair.ServerLog.IsFinished(0) && pair.ClientLog.IsFinished(0);
            }, TimeSpan.FromSeconds(60)), "transfer: " + pair.Describe());
        Assert.Equal(request, pair.ServerLog.StreamBytes(0));
        pair.RunUntil(() => false, TimeSpan.FromMilliseconds(100)); // the last ACKs
        var snapshot = RecoveryProbe.Snapshot(system, pair.Client);
        _output.WriteLine($"interval {interval.TotalMilliseconds} ms: {snapshot}");
        return snapshot;
    }

    [Fact]
    public void A_slow_writer_does_not_grow_the_window_a_bulk_writer_does()
    {
        // 2 KB every 50 ms: two packets per wake-up, far below the initial window.
        var slow = Upload(Sys, TimeSpan.FromMilliseconds(50));
        var other = new Akka.TestKit.Xunit2.TestKit(ConnectionPair.Config, "bulk");
        RecoverySnapshot bulk;
        try
        {
            bulk = Upload(other.Sys, TimeSpan.Zero); // everything at once
        }
        finally
        {
            other.Shutdown();
        }

        // Without §7.8, slow start would have added every acknowledged byte (400 KB) to the window.
        Assert.True(slow.AckedBytes >= Chunk * Chunks, $"acked {slow.AckedBytes}");
        Assert.True(slow.CongestionWindow < 2 * InitialWindow, $"slow writer's window grew to {slow.CongestionWindow}");
        Assert.True(slow.AppLimited, "the slow writer ends application limited");
        Assert.True(bulk.CongestionWindow > 6 * InitialWindow, $"bulk writer's window only {bulk.CongestionWindow}");
        Assert.True(bulk.CongestionWindow > 4 * slow.CongestionWindow, $"bulk {bulk.CongestionWindow} vs slow {slow.CongestionWindow}");
    }
}
