using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ActorQuic.Load;

/// <summary>
/// A snapshot of one process's resource counters, as a single "STATS k=v ..." line so a child can
/// report it on stdout. Deltas between two snapshots are the sampling profile of a run: CPU and
/// bytes allocated per datagram, GC pause, thread-pool work items (≈ actor mailbox runs and task
/// continuations) and lock contention.
/// </summary>
public sealed record ProcessStats
{
    public long RssKiB { get; init; }
    public long ManagedBytes { get; init; }
    public long AllocatedBytes { get; init; }
    public double CpuMs { get; init; }
    public double GcPauseMs { get; init; }
    public long Gen0 { get; init; }
    public long Gen1 { get; init; }
    public long Gen2 { get; init; }
    public long WorkItems { get; init; }
    public long LockContentions { get; init; }
    public long Datagrams { get; init; }
    public long Connections { get; init; }

    /// <summary>Reads this process's counters; <paramref name="collect"/> forces a full blocking GC first (for memory numbers).</summary>
    public static ProcessStats Capture(bool collect, long datagrams = 0, long connections = 0)
    {
        long managed = GC.GetTotalMemory(forceFullCollection: collect);
        using var self = Process.GetCurrentProcess();
        return new ProcessStats
        {
            RssKiB = ReadRssKiB(),
            ManagedBytes = managed,
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false),
            CpuMs = self.TotalProcessorTime.TotalMilliseconds,
            GcPauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
            Gen0 = GC.CollectionCount(0),
            Gen1 = GC.CollectionCount(1),
            Gen2 = GC.CollectionCount(2),
            WorkItems = ThreadPool.CompletedWorkItemCount,
            LockContentions = Monitor.LockContentionCount,
            Datagrams = datagrams,
            Connections = connections,
        };
    }

    /// <summary>VmRSS from /proc/self/status (the resident set, what the kernel charges the process).</summary>
    public static long ReadRssKiB(string status = "/proc/self/status")
    {
        if (!File.Exists(status)) return 0;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var digits = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(digits, CultureInfo.InvariantCulture);
        }
        return 0;
    }

    public ProcessStats Minus(ProcessStats before) => new()
    {
        RssKiB = RssKiB - before.RssKiB,
        ManagedBytes = ManagedBytes - before.ManagedBytes,
        AllocatedBytes = AllocatedBytes - before.AllocatedBytes,
        CpuMs = CpuMs - before.CpuMs,
        GcPauseMs = GcPauseMs - before.GcPauseMs,
        Gen0 = Gen0 - before.Gen0,
        Gen1 = Gen1 - before.Gen1,
        Gen2 = Gen2 - before.Gen2,
        WorkItems = WorkItems - before.WorkItems,
        LockContentions = LockContentions - before.LockContentions,
        Datagrams = Datagrams - before.Datagrams,
        Connections = Connections - before.Connections,
    };

    public string ToLine()
    {
        var b = new StringBuilder("STATS");
        void Add(string key, double value) => b.Append(' ').Append(key).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
        Add("rss", RssKiB);
        Add("managed", ManagedBytes);
        Add("allocated", AllocatedBytes);
        Add("cpu", CpuMs);
        Add("gcpause", GcPauseMs);
        Add("gen0", Gen0);
        Add("gen1", Gen1);
        Add("gen2", Gen2);
        Add("workitems", WorkItems);
        Add("contentions", LockContentions);
        Add("datagrams", Datagrams);
        Add("connections", Connections);
        return b.ToString();
    }

    public static ProcessStats Parse(string line)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq > 0) values[part[..eq]] = double.Parse(part[(eq + 1)..], CultureInfo.InvariantCulture);
        }
        long L(string key) => values.TryGetValue(key, out double v) ? (long)v : 0;
        return new ProcessStats
        {
            RssKiB = L("rss"),
            ManagedBytes = L("managed"),
            AllocatedBytes = L("allocated"),
            CpuMs = values.GetValueOrDefault("cpu"),
            GcPauseMs = values.GetValueOrDefault("gcpause"),
            Gen0 = L("gen0"),
            Gen1 = L("gen1"),
            Gen2 = L("gen2"),
            WorkItems = L("workitems"),
            LockContentions = L("contentions"),
            Datagrams = L("datagrams"),
            Connections = L("connections"),
        };
    }
}
