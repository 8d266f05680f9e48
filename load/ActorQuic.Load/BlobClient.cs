using System.Diagnostics;
using System.Globalization;
using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Streams;
using Akka.Actor;
using Akka.Streams;

namespace ActorQuic.Load;

/// <summary>
/// `get-blob --port P --ca F --size N`: its own process and ActorSystem; connects, GETs N bytes and
/// prints "RESULT seconds=.. bytes=.. handshake=.." and a STATS line of what the transfer cost this
/// process (the handshake excluded).
/// </summary>
public static class BlobClient
{
    public static async Task<int> RunAsync(int port, string caPath, long size)
    {
        using var system = LoadEnvironment.CreateSystem("get-blob");
        var materializer = system.Materializer();
        await using var endpoint = QuicEndpoint.Bind(system, new QuicEndpointOptions());
        var handshake = Stopwatch.StartNew();
        var connection = await endpoint.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port),
            LoadEnvironment.ClientOptions(File.ReadAllText(caPath))).ConfigureAwait(false);
        double handshakeMs = handshake.Elapsed.TotalMilliseconds;

        var before = ProcessStats.Capture(false, await DatagramsAsync(endpoint).ConfigureAwait(false));
        var watch = Stopwatch.StartNew();
        long received = await HqProtocol.GetAsync(connection, size, materializer).ConfigureAwait(false);
        double seconds = watch.Elapsed.TotalSeconds;
        var after = ProcessStats.Capture(false, await DatagramsAsync(endpoint).ConfigureAwait(false));

        await connection.CloseAsync(0).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT seconds={seconds:R} bytes={received} handshake={handshakeMs:R}"));
        Console.WriteLine(after.Minus(before).ToLine());
        return received == size ? 0 : 1;
    }

    private static async Task<long> DatagramsAsync(QuicEndpoint endpoint) =>
        (await endpoint.EndpointActor.Ask<EndpointStatisticsReport>(GetEndpointStatistics.Instance, TimeSpan.FromSeconds(30)).ConfigureAwait(false)).TotalDatagrams;
}
