using System.Globalization;

namespace ActorQuic.Load;

/// <summary>One 100 MB transfer: server and client each in their own process.</summary>
public sealed record GoodputRun(int Run, long Bytes, double Seconds, double HandshakeMs, ProcessStats Client, ProcessStats Server)
{
    public double MegabytesPerSecond => Bytes / Seconds / 1e6;
}

/// <summary>
/// goodput: a `serve-blob` child serves, a fresh `get-blob` child per run downloads
/// <see cref="Size"/> bytes; the client times from request to FIN, each side reports its own CPU,
/// allocation and datagram counters over the transfer.
/// </summary>
public sealed class GoodputBenchmark(int runs, long size)
{
    public long Size { get; } = size;

    public async Task<IReadOnlyList<GoodputRun>> RunAsync()
    {
        var (cert, key) = LoadEnvironment.WriteCertificate();
        using var server = ChildProcess.Start("serve-blob", "--cert", cert, "--key", key);
        int port = int.Parse(( await server.ReadLineAsync("PORT", TimeSpan.FromSeconds(60)))["PORT ".Length..], CultureInfo.InvariantCulture);

        return await Ui.RunAsync($"goodput {Size / 1_000_000} MB × {runs}", runs + 1, async report =>
        {
            // A 10 MB warm-up (JIT, pools) that is not counted.
            await GetAsync(server, port, cert, 10_000_000, 0);
            report(1, "warm-up done");
            var results = new List<GoodputRun>();
            for (int run = 1; run <= runs; run++)
            {
                var result = await GetAsync(server, port, cert, Size, run);
                results.Add(result);
                report(run + 1, $"run {run}: {result.MegabytesPerSecond:F1} MB/s");
            }
            return (IReadOnlyList<GoodputRun>)results;
        });
    }

    private static async Task<GoodputRun> GetAsync(ChildProcess server, int port, string caPath, long size, int run)
    {
        var serverBefore = await server.StatsAsync(collect: false);
        using var client = ChildProcess.Start("get-blob", "--port", port.ToString(CultureInfo.InvariantCulture), "--ca", caPath,
            "--size", size.ToString(CultureInfo.InvariantCulture));
        string result = await client.ReadLineAsync("RESULT", TimeSpan.FromMinutes(10));
        var clientStats = ProcessStats.Parse(await client.ReadLineAsync("STATS", TimeSpan.FromMinutes(1)));
        await client.WaitForExitAsync(TimeSpan.FromMinutes(1));
        var serverStats = (await server.StatsAsync(collect: false)).Minus(serverBefore);
        var fields = result.Split(' ').Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        return new GoodputRun(run, long.Parse(fields["bytes"], CultureInfo.InvariantCulture),
            double.Parse(fields["seconds"], CultureInfo.InvariantCulture), double.Parse(fields["handshake"], CultureInfo.InvariantCulture),
            clientStats, serverStats);
    }
}
