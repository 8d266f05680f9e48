using System.Diagnostics;
using System.Security.Cryptography;
using ActorQuic.Dispatcher.Endpoint;
using Akka.Actor;
using Akka.IO;
using Xunit.Abstractions;

namespace ActorQuic.Streams.Tests.Loopback;

/// <summary>
/// Issue #4's loopback acceptance: our server and our client, one ActorSystem, real UDP sockets on
/// 127.0.0.1 port 0, the hq-interop mapping (<see cref="HqInteropServer"/>). Generous timeouts, no
/// speed assertions: the machine is shared.
/// </summary>
public sealed class LoopbackAcceptanceSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ITestOutputHelper _output;

    public LoopbackAcceptanceSpec(ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(1024 * 1024)]
    public async Task A_body_arrives_byte_identical(int size)
    {
        await using var server = HqInteropServer.Start(Sys);
        await using var client = QuicEndpoint.Bind(Sys, new QuicEndpointOptions());
        var connection = await client.ConnectAsync(server.Address, server.ClientOptions()).WaitAsync(Patience);
        var blob = new HqBlob(size, size);

        var body = await HqInteropServer.GetAsync(connection, blob.Path, new MemoryStream(), (ms, bytes) =>
        {
            bytes.WriteTo(ms);
            return ms;
        }, server.Materializer).WaitAsync(Patience);

        Assert.Equal(blob.ToArray(), body.ToArray());
        Assert.Equal(0, (await connection.CloseAsync(0).WaitAsync(Patience)).ErrorCode);
    }

    [Fact]
    public async Task A_100_MB_body_arrives_with_the_same_SHA_256()
    {
        await using var server = HqInteropServer.Start(Sys);
        await using var client = QuicEndpoint.Bind(Sys, new QuicEndpointOptions());
        var connection = await client.ConnectAsync(server.Address, server.ClientOptions()).WaitAsync(Patience);
        var blob = new HqBlob(100, 100L * 1000 * 1000);

        var watch = Stopwatch.StartNew();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = await HqInteropServer.GetAsync(connection, blob.Path, 0L, (count, bytes) =>
        {
            hash.AppendData(bytes.ToReadOnlySpan());
            return count + bytes.Count;
        }, server.Materializer).WaitAsync(TimeSpan.FromMinutes(5));
        _output.WriteLine($"100 MB in {watch.Elapsed.TotalSeconds:F2} s ({blob.Size / watch.Elapsed.TotalSeconds / 1e6:F1} MB/s), load average {LoadAverage()}");

        Assert.Equal(blob.Size, received);
        Assert.Equal(blob.Sha256(), hash.GetHashAndReset());
        Assert.Equal(0, (await connection.CloseAsync(0).WaitAsync(Patience)).ErrorCode);
    }

    [Fact]
    public async Task A_hundred_concurrent_streams_of_100_KB_on_one_connection()
    {
        await using var server = HqInteropServer.Start(Sys);
        await using var client = QuicEndpoint.Bind(Sys, new QuicEndpointOptions());
        var connection = await client.ConnectAsync(server.Address, server.ClientOptions()).WaitAsync(Patience);
        var blobs = Enumerable.Range(0, 100).Select(i => new HqBlob(1000 + i, 100 * 1024)).ToArray();

        var bodies = await Task.WhenAll(blobs.Select(blob => HqInteropServer.GetAsync(connection, blob.Path, new MemoryStream(), (ms, bytes) =>
        {
            bytes.WriteTo(ms);
            return ms;
        }, server.Materializer))).WaitAsync(TimeSpan.FromMinutes(2));

        for (int i = 0; i < blobs.Length; i++) Assert.Equal(blobs[i].ToArray(), bodies[i].ToArray());
        // All on one connection: the server accepted exactly one.
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task A_thousand_sequential_connections_leave_no_actor_and_no_memory_behind()
    {
        const int connections = 1000;
        const long memoryBound = 20L * 1024 * 1024;
        await using var server = HqInteropServer.Start(Sys);
        await using var client = QuicEndpoint.Bind(Sys, new QuicEndpointOptions());
        var blob = new HqBlob(7, 100);
        byte[] expected = blob.ToArray();

        // One warm-up connection first: the materializer's supervisor, the JIT and pools are made
        // lazily on first use and are not per-connection state.
        await OneRequestAsync(server, client, blob, expected);
        await AwaitNoConnectionsAsync(server.Endpoint, client);
        var actorsBefore = await ActorCensus.ListAsync(Sys, "/user");
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        var watch = Stopwatch.StartNew();
        for (int i = 0; i < connections; i++) await OneRequestAsync(server, client, blob, expected);
        var elapsed = watch.Elapsed;
        await AwaitNoConnectionsAsync(server.Endpoint, client);

        var actorsAfter = await ActorCensus.ListAsync(Sys, "/user");
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        _output.WriteLine($"{connections} connections in {elapsed.TotalSeconds:F1} s ({elapsed.TotalMilliseconds / connections:F1} ms each), " +
            $"load average {LoadAverage()}; actors under /user {actorsBefore.Count} → {actorsAfter.Count}; " +
            $"managed memory {memoryBefore / 1024} KiB → {memoryAfter / 1024} KiB");

        Assert.Equal(connections + 1, server.Accepted);
        Assert.Equal(actorsBefore, actorsAfter);
        Assert.Contains(actorsAfter, path => path.StartsWith("/user/quic/endpoint-", StringComparison.Ordinal));
        Assert.True(memoryAfter - memoryBefore < memoryBound,
            $"managed memory grew by {(memoryAfter - memoryBefore) / 1024} KiB over {connections} closed connections (bound {memoryBound / 1024} KiB)");
    }

    private async Task OneRequestAsync(HqInteropServer server, QuicEndpoint client, HqBlob blob, byte[] expected)
    {
        var connection = await client.ConnectAsync(server.Address, server.ClientOptions()).WaitAsync(Patience);
        var body = await HqInteropServer.GetAsync(connection, blob.Path, new MemoryStream(), (ms, bytes) =>
        {
            bytes.WriteTo(ms);
            return ms;
        }, server.Materializer).WaitAsync(Patience);
        Assert.Equal(expected, body.ToArray());
        Assert.Equal(0, (await connection.CloseAsync(0).WaitAsync(Patience)).ErrorCode);
    }

    /// <summary>Closing ends with the draining period (RFC 9000 §10.2); wait until both endpoints hold no connection.</summary>
    private static async Task AwaitNoConnectionsAsync(params QuicEndpoint[] endpoints)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var endpoint in endpoints)
        {
            while (true)
            {
                var report = await endpoint.EndpointActor.Ask<EndpointStatisticsReport>(GetEndpointStatistics.Instance, TimeSpan.FromSeconds(10));
                if (report.Connections == 0 && report.HandshakesInProgress == 0) break;
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                    throw new TimeoutException($"{endpoint} still holds {report.Connections} connections");
                await Task.Delay(20);
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
