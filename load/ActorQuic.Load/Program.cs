using System.Globalization;

namespace ActorQuic.Load;

/// <summary>
/// dotnet run -c Release --project load/ActorQuic.Load -- goodput|idle-memory|handshakes|all|peers
///   [--runs 5] [--size 100000000] [--connections 1000] [--handshakes 1000]
/// `all` is the ours↔ours issue #4 targets; `peers` (ngtcp2's gtlsserver/gtlsclient and our `actorquic`
/// CLI in all four pairs) is separate: it needs the Debian ngtcp2 packages and a Release build of src/Host.
/// Child roles (started by the benchmarks): serve-blob --cert F --key F; get-blob --port P --ca F --size N.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0) return Usage();
        var options = Options(args);
        string Option(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
        long Number(string name, long fallback) => long.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        switch (args[0])
        {
            case "serve-blob":
                return await BlobServer.RunAsync(Option("cert", ""), Option("key", ""));
            case "get-blob":
                return await BlobClient.RunAsync((int)Number("port", 0), Option("ca", ""), Number("size", 100_000_000));
            case "goodput" or "idle-memory" or "handshakes" or "all":
                break;
            case "peers":
                return await PeersAsync((int)Number("runs", 5), Number("size", 100_000_000));
            default:
                return Usage();
        }

        var report = new LoadReport();
        string reports = LoadEnvironment.ReportsFolder();
        if (args[0] is "goodput" or "all")
        {
            var runs = await new GoodputBenchmark((int)Number("runs", 5), Number("size", 100_000_000)).RunAsync();
            report.AddGoodput(runs);
            Console.WriteLine($"plot: {LoadReport.PlotGoodput(runs, reports)}");
        }
        if (args[0] is "idle-memory" or "all")
            report.AddIdleMemory(await new IdleMemoryBenchmark((int)Number("connections", 1000)).RunAsync());
        if (args[0] is "handshakes" or "all")
            report.AddHandshakes(await new HandshakeBenchmark((int)Number("handshakes", 1000)).RunAsync());

        string markdown = report.ToMarkdown();
        string file = Path.Combine(reports, $"results-{args[0]}-{DateTime.UtcNow:yyyyMMdd-HHmm}.md");
        await File.WriteAllTextAsync(file, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"written: {file}");
        return 0;
    }

    private static async Task<int> PeersAsync(int runs, long size)
    {
        if (runs < 1 || size < 1)
        {
            Console.Error.WriteLine("peers: --runs and --size must be at least 1");
            return 2;
        }
        if (PeersBenchmark.MissingPrerequisite() is { } missing)
        {
            Console.Error.WriteLine($"peers: {missing}");
            return 1;
        }
        string versions = PeersBenchmark.Versions();
        var report = new LoadReport();
        var results = await new PeersBenchmark(runs, size).RunAsync();
        string reports = LoadEnvironment.ReportsFolder();
        // One time stamp for the report and its plot, so they sort together.
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        string plot = LoadReport.PlotPeers(results, size, reports, stamp);
        report.AddPeers(results, size, runs, versions, plot);
        string file = Path.Combine(reports, $"results-peers-{stamp}.md");
        await File.WriteAllTextAsync(file, report.ToMarkdown());
        Console.WriteLine();
        Ui.ShowTable($"{size / 1_000_000} MB over HTTP/3, median of {runs} (load avg now {LoadEnvironment.LoadAverage()})", LoadReport.PeerHeaders,
            LoadReport.PeerSummaryRows(results));
        Console.WriteLine($"written: {file}");
        Console.WriteLine($"plot: {plot}");
        // Non-zero when a pair could not be measured or a run failed its check, so scripts notice.
        return results.Any(r => r.Failure is not null || r.FailedRuns > 0) ? 1 : 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --option, got {args[i]}");
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: ActorQuic.Load goodput|idle-memory|handshakes|all|peers [--runs 5] [--size 100000000] [--connections 1000] [--handshakes 1000]");
        return 2;
    }
}
