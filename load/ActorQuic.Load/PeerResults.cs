namespace ActorQuic.Load;

public enum PeerImplementation
{
    /// <summary>Debian's ngtcp2 examples: /usr/sbin/gtlsserver, /usr/bin/gtlsclient (ngtcp2 + GnuTLS + nghttp3).</summary>
    Ngtcp2,

    /// <summary>Our Host program: `actorquic serve`, `actorquic get` (Release build).</summary>
    ActorQuic,
}

/// <summary>A server program and a client program; every pair speaks HTTP/3 over QUIC v1 on 127.0.0.1.</summary>
public sealed record PeerPair(PeerImplementation Server, PeerImplementation Client)
{
    /// <summary>The reference first, then each of ours against it, then ours against ours.</summary>
    public static readonly IReadOnlyList<PeerPair> All =
    [
        new(PeerImplementation.Ngtcp2, PeerImplementation.Ngtcp2),
        new(PeerImplementation.ActorQuic, PeerImplementation.Ngtcp2),
        new(PeerImplementation.Ngtcp2, PeerImplementation.ActorQuic),
        new(PeerImplementation.ActorQuic, PeerImplementation.ActorQuic),
    ];

    public bool IsReference => Server == PeerImplementation.Ngtcp2 && Client == PeerImplementation.Ngtcp2;

    public string ServerName => Server == PeerImplementation.Ngtcp2 ? "gtlsserver" : "actorquic serve";

    public string ClientName => Client == PeerImplementation.Ngtcp2 ? "gtlsclient" : "actorquic get";

    public string Name => $"{ServerName} → {ClientName}";

    /// <summary>A short label for the plot's axis.</summary>
    public string ShortName => $"{(Server == PeerImplementation.Ngtcp2 ? "ngtcp2" : "ours")} → {(Client == PeerImplementation.Ngtcp2 ? "ngtcp2" : "ours")}";
}

/// <summary>
/// One client process fetching one file: wall time from the client's process start to its exit;
/// the client's CPU and peak RSS from /usr/bin/time; the server process's CPU over the same span.
/// <see cref="Failure"/> is null when the client exited 0 and the file is byte-identical (size and SHA-256).
/// </summary>
public sealed record PeerFetch(double WallSeconds, double? ClientCpuSeconds, long? ClientMaxRssKiB, double? ServerCpuSeconds, string? Failure)
{
    public bool Ok => Failure is null;
}

/// <summary>One run: a 1 KiB fetch (the fixed cost of a client process: start, handshake, close, exit), then the measured file.</summary>
public sealed record PeerRun(int Run, long Bytes, PeerFetch Small, PeerFetch Large, string LoadAverageAfter)
{
    public double? MegabytesPerSecond => Large.Ok ? Bytes / Large.WallSeconds / 1e6 : null;
}

/// <summary>All runs of one pair; <see cref="Failure"/> when the pair could not be measured at all (server did not start, warm-up failed).</summary>
public sealed record PeerPairResult(PeerPair Pair, IReadOnlyList<PeerRun> Runs, string? Failure)
{
    public IReadOnlyList<double> Rates => [.. Runs.Where(r => r.Large.Ok).Select(r => r.MegabytesPerSecond!.Value)];

    public double? Median => Rates.Count == 0 ? null : LoadReport.Median(Rates);

    public double? Min => Rates.Count == 0 ? null : Rates.Min();

    public double? Max => Rates.Count == 0 ? null : Rates.Max();

    public int FailedRuns => Runs.Count(r => !r.Large.Ok);

    /// <summary>Median of the good runs' <paramref name="value"/> (null when none has it).</summary>
    public double? MedianOf(Func<PeerRun, double?> value)
    {
        var values = Runs.Where(r => r.Large.Ok).Select(value).OfType<double>().ToArray();
        return values.Length == 0 ? null : LoadReport.Median(values);
    }

    /// <summary>Median wall time of the good 1 KiB fetches, in ms.</summary>
    public double? SmallMedianMs
    {
        get
        {
            var values = Runs.Where(r => r.Small.Ok).Select(r => r.Small.WallSeconds * 1000).ToArray();
            return values.Length == 0 ? null : LoadReport.Median(values);
        }
    }
}
