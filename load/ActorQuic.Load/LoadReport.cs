using System.Globalization;
using System.Text;

namespace ActorQuic.Load;

/// <summary>Markdown tables of the results against issue #4's targets, and the goodput plot.</summary>
public sealed class LoadReport
{
    public const double GoodputTargetMBps = 150;
    public const double IdleTargetKiB = 64;
    public const double HandshakeTarget = 300;

    private readonly StringBuilder _markdown = new();
    private readonly List<(string Metric, string Value, string Target, bool Met, string Load)> _summary = [];

    public LoadReport()
    {
        _markdown.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average at start {LoadEnvironment.LoadAverage()}.");
        _markdown.AppendLine();
    }

    public void AddGoodput(IReadOnlyList<GoodputRun> runs)
    {
        var b = _markdown;
        b.AppendLine("### Goodput (server and client in separate processes)").AppendLine();
        b.AppendLine("| run | MB/s | s | handshake ms | client CPU s | server CPU s | client datagrams in | client µs CPU/datagram | client B alloc/datagram | server µs CPU/datagram sent | server B alloc/datagram sent | client GC pause ms | server GC pause ms | client work items/datagram | load avg after |");
        b.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
        {
            double datagrams = Math.Max(1, r.Client.Datagrams);
            b.AppendLine(Invariant($"| {r.Run} | {r.MegabytesPerSecond:F1} | {r.Seconds:F2} | {r.HandshakeMs:F0} | {r.Client.CpuMs / 1000:F2} | {r.Server.CpuMs / 1000:F2} | {r.Client.Datagrams:N0} | {r.Client.CpuMs * 1000 / datagrams:F1} | {r.Client.AllocatedBytes / datagrams:F0} | {r.Server.CpuMs * 1000 / datagrams:F1} | {r.Server.AllocatedBytes / datagrams:F0} | {r.Client.GcPauseMs:F0} | {r.Server.GcPauseMs:F0} | {r.Client.WorkItems / datagrams:F1} | {LoadEnvironment.LoadAverage()} |"));
        }
        double median = Median(runs.Select(r => r.MegabytesPerSecond));
        double cpu = Median(runs.Select(r => (r.Client.CpuMs + r.Server.CpuMs) / 1000));
        b.AppendLine().AppendLine(Invariant($"Median {median:F1} MB/s; median CPU (client + server) {cpu:F2} s per {runs[0].Bytes / 1_000_000} MB.")).AppendLine();
        _summary.Add((Invariant($"goodput {runs[0].Bytes / 1_000_000} MB ours↔ours, median"), Invariant($"{median:F1} MB/s"), "≥ 150 MB/s", median >= GoodputTargetMBps, LoadEnvironment.LoadAverage()));
    }

    public void AddIdleMemory(IdleMemoryResult r)
    {
        var b = _markdown;
        b.AppendLine("### Memory per idle connection (server process)").AppendLine();
        b.AppendLine("| connections | established on the server | opened in s | server VmRSS before → after KiB | RSS KiB/connection | managed KiB/connection (after full GC) | client VmRSS growth KiB/connection |");
        b.AppendLine("|---:|---:|---:|---|---:|---:|---:|");
        b.AppendLine(Invariant($"| {r.Connections} | {r.ServerConnections} | {r.Seconds:F1} | {r.ServerBefore.RssKiB:N0} → {r.ServerAfter.RssKiB:N0} | {r.RssKiBPerConnection:F1} | {r.ManagedKiBPerConnection:F1} | {r.ClientRssGrowthKiB / (double)r.Connections:F1} |"));
        b.AppendLine();
        _summary.Add(("memory per idle connection (server RSS)", Invariant($"{r.RssKiBPerConnection:F1} KiB"), "≤ 64 KB", r.RssKiBPerConnection * 1024 <= 64_000, LoadEnvironment.LoadAverage()));
    }

    public void AddHandshakes(HandshakeResult r)
    {
        var b = _markdown;
        b.AppendLine("### Sequential handshakes (one in-process client, server in its own process)").AppendLine();
        b.AppendLine("| connections | s | handshakes/s | connect median ms | connect p99 ms | close median ms | client CPU ms/conn | server CPU ms/conn | client KB alloc/conn | server KB alloc/conn | client datagrams/conn | server datagrams/conn |");
        b.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double n = r.Count;
        b.AppendLine(Invariant($"| {r.Count} | {r.Seconds:F1} | {r.PerSecond:F0} | {r.MedianConnectMs:F2} | {r.P99ConnectMs:F2} | {r.MedianCloseMs:F2} | {r.Client.CpuMs / n:F2} | {r.Server.CpuMs / n:F2} | {r.Client.AllocatedBytes / n / 1000:F0} | {r.Server.AllocatedBytes / n / 1000:F0} | n/a | {r.Server.Datagrams / n:F1} |"));
        b.AppendLine();
        _summary.Add(("sequential handshakes", Invariant($"{r.PerSecond:F0}/s"), "≥ 300/s", r.PerSecond >= HandshakeTarget, LoadEnvironment.LoadAverage()));
    }

    /// <summary>Columns of the peers summary, on the terminal and in the report.</summary>
    public static readonly IReadOnlyList<string> PeerHeaders =
        ["pair (server → client)", "median MB/s", "min", "max", "ratio to ngtcp2↔ngtcp2", "MB/s of all runs", "failed runs", "1 KiB fetch median ms"];

    public static IEnumerable<IReadOnlyList<string>> PeerSummaryRows(IReadOnlyList<PeerPairResult> results)
    {
        double? reference = results.FirstOrDefault(r => r.Pair.IsReference)?.Median;
        foreach (var r in results)
        {
            yield return
            [
                r.Pair.Name,
                Format(r.Median, "F1"),
                Format(r.Min, "F1"),
                Format(r.Max, "F1"),
                r.Median is { } m && reference is { } basis and > 0 ? Invariant($"{m / basis:F2}") : "—",
                r.Failure ?? string.Join(", ", r.Runs.Select(run => Format(run.MegabytesPerSecond, "F1"))),
                Invariant($"{r.FailedRuns} of {r.Runs.Count}"),
                Format(r.SmallMedianMs, "F0"),
            ];
        }
    }

    public void AddPeers(IReadOnlyList<PeerPairResult> results, long size, int runs, string versions, string? plot)
    {
        var b = _markdown;
        b.AppendLine(Invariant($"### Goodput with real peers: one {size / 1_000_000} MB file over HTTP/3, median of {runs} run{(runs == 1 ? "" : "s")} per pair")).AppendLine();
        b.AppendLine(Invariant($"{versions}. Every fetch is a fresh client process on 127.0.0.1, timed from its start to its exit (so a client's start-up, handshake and close are included: the 1 KiB fetch before each run measures that fixed cost, and the estimate column is size ÷ (median wall − median 1 KiB fetch)), the saved file checked by size and SHA-256; MB = 10^6 bytes. Each pair has its own server process on a fresh port (one 10 MB warm-up fetch not counted). Both servers use one openssl ECDSA P-256 certificate; `actorquic get` verifies it with `--ca`."));
        b.AppendLine();
        b.AppendLine("| " + string.Join(" | ", PeerHeaders) + " | MB/s without the fixed cost (estimate) | client CPU s (median) | server CPU s (median) | client peak RSS MiB (median) |");
        b.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        var rows = PeerSummaryRows(results).ToList();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            // size ÷ (median wall − median 1 KiB fetch): roughly what the transfer itself ran at, once the client was up.
            double? wall = r.MedianOf(run => run.Large.WallSeconds);
            double? transfer = wall is { } w && r.SmallMedianMs is { } fixedMs && w - fixedMs / 1000 > 0 ? size / (w - fixedMs / 1000) / 1e6 : null;
            b.AppendLine("| " + string.Join(" | ", rows[i]) + " | " + Format(transfer, "F1") + " | " + Format(r.MedianOf(run => run.Large.ClientCpuSeconds), "F2") + " | "
                + Format(r.MedianOf(run => run.Large.ServerCpuSeconds), "F2") + " | " + Format(r.MedianOf(run => run.Large.ClientMaxRssKiB / 1024.0), "F0") + " |");
        }
        b.AppendLine();
        b.AppendLine("All runs (CPU = user + system of that process over the fetch; the client's from /usr/bin/time, the server's from /proc/PID/stat):").AppendLine();
        b.AppendLine("| pair | run | wall s | MB/s | client CPU s | server CPU s | client peak RSS MiB | 1 KiB fetch ms | load avg after | result |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            if (r.Failure is not null) b.AppendLine($"| {r.Pair.Name} | — | — | — | — | — | — | — | — | {r.Failure.Replace("|", "\\|", StringComparison.Ordinal)} |");
            foreach (var run in r.Runs)
            {
                b.AppendLine(Invariant($"| {r.Pair.Name} | {run.Run} | {run.Large.WallSeconds:F2} | {Format(run.MegabytesPerSecond, "F1")} | {Format(run.Large.ClientCpuSeconds, "F2")} | {Format(run.Large.ServerCpuSeconds, "F2")} | {Format(run.Large.ClientMaxRssKiB / 1024.0, "F0")} | {(run.Small.Ok ? (run.Small.WallSeconds * 1000).ToString("F0", CultureInfo.InvariantCulture) : "failed: " + run.Small.Failure)} | {run.LoadAverageAfter} | {(run.Large.Failure ?? "byte-identical").Replace("|", "\\|", StringComparison.Ordinal)} |"));
            }
        }
        b.AppendLine();
        if (plot is not null) b.AppendLine(Invariant($"Plot: `{Path.GetFileName(plot)}` (bars: median; dots: each run).")).AppendLine();
    }

    /// <summary>Median MB/s per pair as bars, each run as a dot on its bar.</summary>
    public static string PlotPeers(IReadOnlyList<PeerPairResult> results, long size, string folder, string stamp)
    {
        var plot = new ScottPlot.Plot();
        var bars = results.Select((r, i) => new ScottPlot.Bar
        {
            Position = i,
            Value = r.Median ?? 0,
            Label = r.Median is { } m ? Invariant($"{m:F1}") : "failed",
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 14;
        var xs = results.SelectMany((r, i) => r.Rates.Select(_ => (double)i)).ToArray();
        var ys = results.SelectMany(r => r.Rates).ToArray();
        if (xs.Length > 0)
        {
            var dots = plot.Add.ScatterPoints(xs, ys);
            dots.MarkerSize = 7;
            dots.Color = ScottPlot.Colors.Black;
            dots.LegendText = "runs";
            plot.Legend.Alignment = ScottPlot.Alignment.UpperRight;
        }
        plot.Axes.Bottom.SetTicks(results.Select((_, i) => (double)i).ToArray(), results.Select(r => r.Pair.ShortName + "\n" + r.Pair.Name).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Title(Invariant($"{size / 1_000_000} MB over HTTP/3 on loopback, server → client (load avg {LoadEnvironment.LoadAverage()})"));
        plot.YLabel("MB/s (client process start to exit)");
        plot.Axes.SetLimitsY(0, Math.Max(1, ys.DefaultIfEmpty(0).Max()) * 1.15);
        plot.Axes.SetLimitsX(-0.6, results.Count - 0.4);
        string path = Path.Combine(folder, $"peers-{stamp}.png");
        plot.SavePng(path, 1000, 560);
        return path;
    }

    public string ToMarkdown()
    {
        var b = new StringBuilder();
        if (_summary.Count > 0)
        {
            b.AppendLine("| metric | result | issue #4 target | met | load average |");
            b.AppendLine("|---|---:|---:|---|---|");
            foreach (var s in _summary) b.AppendLine($"| {s.Metric} | {s.Value} | {s.Target} | {(s.Met ? "yes" : "**no**")} | {s.Load} |");
            b.AppendLine();
        }
        b.Append(_markdown);
        return b.ToString();
    }

    /// <summary>Goodput per run as bars, with the median and the target as lines.</summary>
    public static string PlotGoodput(IReadOnlyList<GoodputRun> runs, string folder)
    {
        var plot = new ScottPlot.Plot();
        var values = runs.Select(r => r.MegabytesPerSecond).ToArray();
        plot.Add.Bars(values);
        var median = plot.Add.HorizontalLine(Median(values));
        median.LegendText = Invariant($"median {Median(values):F1} MB/s");
        var target = plot.Add.HorizontalLine(GoodputTargetMBps);
        target.LegendText = "issue #4 target 150 MB/s";
        target.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Axes.Bottom.SetTicks(runs.Select((_, i) => (double)i).ToArray(), runs.Select(r => $"run {r.Run}").ToArray());
        plot.Title(Invariant($"ActorQuic goodput, {runs[0].Bytes / 1_000_000} MB ours↔ours on loopback (load avg {LoadEnvironment.LoadAverage()})"));
        plot.YLabel("MB/s");
        plot.Axes.SetLimitsY(0, Math.Max(GoodputTargetMBps, values.Max()) * 1.15);
        plot.ShowLegend();
        string path = Path.Combine(folder, $"goodput-{DateTime.UtcNow:yyyyMMdd-HHmm}.png");
        plot.SavePng(path, 900, 500);
        return path;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return 0;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Format(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
