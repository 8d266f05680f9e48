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

    public string ToMarkdown()
    {
        var b = new StringBuilder();
        b.AppendLine("| metric | result | issue #4 target | met | load average |");
        b.AppendLine("|---|---:|---:|---|---|");
        foreach (var s in _summary) b.AppendLine($"| {s.Metric} | {s.Value} | {s.Target} | {(s.Met ? "yes" : "**no**")} | {s.Load} |");
        b.AppendLine();
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

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
