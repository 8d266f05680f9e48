using System.Globalization;
using System.Net;
using ActorQuic.Streams;

namespace ActorQuic.Load;

/// <summary>Idle connections: how much a server process grows per established connection that does nothing.</summary>
public sealed record IdleMemoryResult(int Connections, int ServerConnections, ProcessStats ServerBefore, ProcessStats ServerAfter, long ClientRssGrowthKiB, double Seconds)
{
    public double RssKiBPerConnection => (ServerAfter.RssKiB - ServerBefore.RssKiB) / (double)Connections;
    public double ManagedKiBPerConnection => (ServerAfter.ManagedBytes - ServerBefore.ManagedBytes) / 1024.0 / Connections;
}

/// <summary>
/// idle-memory: a fresh `serve-blob` child; this process opens <c>count</c> connections (8 at a
/// time) and keeps them open without streams; the server's VmRSS and managed heap (after a full GC)
/// are read before and after.
/// </summary>
public sealed class IdleMemoryBenchmark(int count)
{
    private const int Parallel = 8;

    public async Task<IdleMemoryResult> RunAsync()
    {
        var (cert, key) = LoadEnvironment.WriteCertificate();
        using var server = ChildProcess.Start("serve-blob", "--cert", cert, "--key", key);
        int port = int.Parse((await server.ReadLineAsync("PORT", TimeSpan.FromSeconds(60)))["PORT ".Length..], CultureInfo.InvariantCulture);
        var remote = new IPEndPoint(IPAddress.Loopback, port);
        string ca = File.ReadAllText(cert);

        using var system = LoadEnvironment.CreateSystem("idle-client");
        await using var client = QuicEndpoint.Bind(system, new QuicEndpointOptions { MaxConnections = count + 100 });
        // One connection opened and closed first, so both processes have loaded and JIT-compiled the path.
        await (await client.ConnectAsync(remote, LoadEnvironment.ClientOptions(ca))).CloseAsync(0);
        await Task.Delay(500);

        var serverBefore = await server.StatsAsync(collect: true);
        long clientBefore = ProcessStats.ReadRssKiB();
        var connections = new QuicConnection[count];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Ui.RunAsync($"idle-memory {count} connections", count, async report =>
        {
            int next = -1, done = 0;
            async Task Worker()
            {
                for (int i; (i = Interlocked.Increment(ref next)) < count;)
                {
                    connections[i] = await client.ConnectAsync(remote, LoadEnvironment.ClientOptions(ca));
                    report(Interlocked.Increment(ref done), $"{watch.Elapsed.TotalSeconds:F0} s");
                }
            }
            await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Worker()));
            return 0;
        });
        double seconds = watch.Elapsed.TotalSeconds;
        // Let the last handshakes' acknowledgements and the server's announcements settle.
        await Task.Delay(2000);
        var serverAfter = await server.StatsAsync(collect: true);
        long clientAfter = ProcessStats.ReadRssKiB();
        foreach (var connection in connections) _ = connection.CloseAsync(0);
        await Task.WhenAll(connections.Select(c => c.Closed)).WaitAsync(TimeSpan.FromMinutes(2));
        await system.Terminate();
        return new IdleMemoryResult(count, (int)serverAfter.Connections, serverBefore, serverAfter, clientAfter - clientBefore, seconds);
    }
}
