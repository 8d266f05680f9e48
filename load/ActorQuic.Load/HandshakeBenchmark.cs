using System.Diagnostics;
using System.Globalization;
using System.Net;
using ActorQuic.Streams;

namespace ActorQuic.Load;

public sealed record HandshakeResult(int Count, double Seconds, double MedianConnectMs, double P99ConnectMs, double MedianCloseMs, ProcessStats Client, ProcessStats Server)
{
    public double PerSecond => Count / Seconds;
}

/// <summary>
/// handshakes: a `serve-blob` child; this process connects (ConnectAsync completes when the
/// handshake did), then closes and waits for the close, <c>count</c> times in sequence.
/// </summary>
public sealed class HandshakeBenchmark(int count)
{
    public async Task<HandshakeResult> RunAsync()
    {
        var (cert, key) = LoadEnvironment.WriteCertificate();
        using var server = ChildProcess.Start("serve-blob", "--cert", cert, "--key", key);
        int port = int.Parse((await server.ReadLineAsync("PORT", TimeSpan.FromSeconds(60)))["PORT ".Length..], CultureInfo.InvariantCulture);
        var remote = new IPEndPoint(IPAddress.Loopback, port);
        string ca = File.ReadAllText(cert);

        using var system = LoadEnvironment.CreateSystem("handshake-client");
        await using var client = QuicEndpoint.Bind(system, new QuicEndpointOptions());
        for (int i = 0; i < 20; i++) await (await client.ConnectAsync(remote, LoadEnvironment.ClientOptions(ca))).CloseAsync(0);

        var serverBefore = await server.StatsAsync(collect: false);
        var clientBefore = ProcessStats.Capture(false);
        var connect = new double[count];
        var close = new double[count];
        var total = Stopwatch.StartNew();
        await Ui.RunAsync($"handshakes × {count}", count, async report =>
        {
            var watch = new Stopwatch();
            for (int i = 0; i < count; i++)
            {
                watch.Restart();
                var connection = await client.ConnectAsync(remote, LoadEnvironment.ClientOptions(ca));
                connect[i] = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                await connection.CloseAsync(0);
                close[i] = watch.Elapsed.TotalMilliseconds;
                report(i + 1, $"{(i + 1) / total.Elapsed.TotalSeconds:F0}/s");
            }
            return 0;
        });
        double seconds = total.Elapsed.TotalSeconds;
        var clientStats = ProcessStats.Capture(false).Minus(clientBefore);
        var serverStats = (await server.StatsAsync(collect: false)).Minus(serverBefore);
        Array.Sort(connect);
        Array.Sort(close);
        await system.Terminate();
        return new HandshakeResult(count, seconds, connect[count / 2], connect[Math.Min(count - 1, count * 99 / 100)], close[count / 2], clientStats, serverStats);
    }
}
