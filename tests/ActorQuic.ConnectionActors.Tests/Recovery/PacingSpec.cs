using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorQuic.ConnectionActors.Tests.Recovery;

/// <summary>
/// RFC 9002 §7.7 over the simulator: a 4 MB upload through a bandwidth-limited bottleneck with a
/// small tail-drop queue, written in 250 KB chunks every 250 ms. After each quiet period the
/// window is still large (RFC 9002 §7.8 keeps it; there is no idle restart), so an unpaced sender
/// puts a whole window on the wire at once and the queue drops the excess; paced, it sends one
/// initial-window burst and then 1.25 × cwnd / srtt, which the queue absorbs.
/// </summary>
/// <remarks>
/// A continuous bulk upload is not the scenario: there the ACK clock spaces an unpaced sender
/// as well, and drops come from slow-start overshoot, which pacing does not prevent (a paced
/// slow start even overshoots later and harder, since it is not cut short by burst losses).
/// </remarks>
public sealed class PacingSpec : Akka.TestKit.Xunit2.TestKit
{
    private const int TransferBytes = 4_000_000;
    private const int ChunkBytes = 250_000;
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(250);

    // 40 Mbit/s, 20 ms RTT (BDP 100 KB) and a tail-drop queue of about a quarter BDP.
    private static readonly LinkImpairments Bottleneck = new()
    {
        Delay = TimeSpan.FromMilliseconds(10),
        BandwidthBytesPerSecond = 5_000_000,
        QueueLimitBytes = 24_000,
    };

    private readonly ITestOutputHelper _output;

    public PacingSpec(ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
        _output = output;
    }

    /// <summary>The upload's network statistics and the most datagrams the client sent within one virtual millisecond.</summary>
    private (SimulatedNetworkStatistics Stats, int LargestBurst) Upload(ActorSystem system, bool pacing)
    {
        byte[] request = RecoveryProbe.Payload(41, TransferBytes), response = RecoveryProbe.Payload(42, 1000);
        var pair = new ConnectionPair(system, seed: 51, Bottleneck, serverResponse: response);
        var perMillisecond = new Dictionary<long, int>();
        pair.Network.AddDropRule(d =>
        {
            // An observer, not a rule: counts the client's datagrams per virtual millisecond.
            if (d.Sender == pair.ClientTransport)
                perMillisecond[pair.Scheduler.Now.UtcTicks / TimeSpan.TicksPerMillisecond] =
                    perMillisecond.GetValueOrDefault(pair.Scheduler.Now.UtcTicks / TimeSpan.TicksPerMillisecond) + 1;
            return false;
        });
        RecoveryProbe.SenderOf(system, pair.Client).Tell(new ConfigurePacing(pacing), ActorRefs.NoSender);
        int written = 0;
        Assert.True(pair.RunUntil(() =>
            {
                // The writer hands over one chunk per interval: bursts after quiet periods.
                if (written < TransferBytes && pair.Elapsed >= WriteInterval * (written / ChunkBytes))
                {
                    int length = Math.Min(ChunkBytes, TransferBytes - written);
                    pair.Client.Tell(new WriteStream(0, request.AsSpan(written, length).ToArray(), Fin: written + length == TransferBytes), ActorRefs.NoSender);
                    written += length;
                }
                return pair.ServerLog.IsFinished(0) && pair.ClientLog.IsFinished(0);
            }, TimeSpan.FromSeconds(120)),
            $"transfer incomplete (pacing {pacing}): {pair.Describe()} server got {pair.ServerLog.StreamBytes(0).Length}");
        Assert.Equal(request, pair.ServerLog.StreamBytes(0));
        Assert.Equal(response, pair.ClientLog.StreamBytes(0));
        var stats = pair.Network.Statistics;
        int largestBurst = perMillisecond.Values.Max();
        _output.WriteLine($"pacing={pacing}: {pair.Elapsed.TotalMilliseconds} ms virtual, largest burst {largestBurst}, {stats}");
        return (stats, largestBurst);
    }

    [Fact]
    public void Paced_4_MB_chunked_upload_through_a_bottleneck_is_byte_identical_and_overflows_the_queue_far_less()
    {
        var (paced, pacedBurst) = Upload(Sys, pacing: true);
        // A second system: ConnectionPair names its actors.
        var other = new Akka.TestKit.Xunit2.TestKit(ConnectionPair.Config, "unpaced");
        (SimulatedNetworkStatistics Stats, int LargestBurst) unpacedRun;
        try
        {
            unpacedRun = Upload(other.Sys, pacing: false);
        }
        finally
        {
            other.Shutdown();
        }
        var (unpaced, unpacedBurst) = unpacedRun;
        // Bursts are bounded by the pacer's bucket (ten datagrams) plus one millisecond of refill.
        Assert.True(pacedBurst <= 25, $"paced burst of {pacedBurst} datagrams in 1 ms");
        Assert.True(unpacedBurst >= 2 * pacedBurst, $"unpaced burst {unpacedBurst} vs paced {pacedBurst}");
        Assert.True(unpaced.QueueDropped >= 50, $"the unpaced run should overflow the queue: {unpaced}");
        // Deterministic with the seed (6 vs 95 when written); a factor of five leaves room for tuning.
        Assert.True(paced.QueueDropped * 5 <= unpaced.QueueDropped, $"paced {paced.QueueDropped} vs unpaced {unpaced.QueueDropped} drops");
    }
}
