using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Load;

/// <summary>
/// peers: goodput of one <see cref="Size"/>-byte file over HTTP/3 between real programs, ngtcp2's
/// examples and our `actorquic` CLI, in all four server/client pairs, all measured the same way:
/// a fresh client process per fetch, timed from its start to its exit, the saved file checked by
/// size and SHA-256. Each pair gets its own server process on a fresh port (started once, a
/// 10 MB warm-up fetch not counted, stopped after the pair's runs). A run is a 1 KiB fetch (the
/// fixed cost of a client process) and then the measured fetch.
/// </summary>
public sealed class PeersBenchmark(int runs, long size)
{
    public const string GtlsServer = "/usr/sbin/gtlsserver";
    public const string GtlsClient = "/usr/bin/gtlsclient";
    public const string Time = "/usr/bin/time";

    private static readonly TimeSpan LargeTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SmallTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private int _timeFiles;

    public long Size { get; } = size;

    public int Runs { get; } = runs;

    /// <summary>Null when everything the scenario runs is there, else one line saying what is missing.</summary>
    public static string? MissingPrerequisite()
    {
        if (!AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            return "peers measures the Release build of src/Host: run with `dotnet run -c Release --project load/ActorQuic.Load -- peers`";
        foreach (var (file, package) in new[] { (GtlsServer, "ngtcp2-server"), (GtlsClient, "ngtcp2-client"), (Time, "time") })
        {
            if (!File.Exists(file)) return $"{file} is missing (Debian package {package}; /work/shared/interop/start-server.sh installs it)";
        }
        if (ActorQuicHost() is null) return $"no Release build of src/Host in {HostOutputFolder()} (`dotnet build src/Host -c Release`)";
        return Which("openssl") is null ? "openssl is not on the PATH" : null;
    }

    /// <summary>gtlsserver/gtlsclient package versions and the ActorQuic commit, for the report.</summary>
    public static string Versions()
    {
        string Quick(string file, params string[] args)
        {
            try
            {
                var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in args) info.ArgumentList.Add(a);
                using var p = Process.Start(info);
                if (p is null) return "unknown";
                var text = p.StandardOutput.ReadToEndAsync();
                if (!p.WaitForExit(10_000))
                {
                    p.Kill(entireProcessTree: true);
                    return "unknown";
                }
                return p.ExitCode == 0 ? text.Result.Trim() : "unknown";
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "unknown";
            }
        }
        return $"ngtcp2-server {Quick("dpkg-query", "-W", "-f=${Version}", "ngtcp2-server")}, ngtcp2-client {Quick("dpkg-query", "-W", "-f=${Version}", "ngtcp2-client")}, " +
            $"ActorQuic {Quick("git", "-C", LoadEnvironment.RepositoryRoot(), "rev-parse", "--short", "HEAD")}";
    }

    public async Task<IReadOnlyList<PeerPairResult>> RunAsync()
    {
        var (host, hostPrefix) = ActorQuicHost() ?? throw new InvalidOperationException("no Release build of src/Host");
        using var content = await PeerContent.CreateAsync(Size).ConfigureAwait(false);
        int steps = Runs + 1;
        return await Ui.RunAsync($"peers {Size / 1_000_000} MB × {Runs}", PeerPair.All.Count * steps, async report =>
        {
            var results = new List<PeerPairResult>();
            for (int i = 0; i < PeerPair.All.Count; i++)
            {
                var pair = PeerPair.All[i];
                int first = i * steps;
                var result = await RunPairAsync(pair, content, host, hostPrefix, (done, note) => report(first + done, $"{pair.ShortName} {note}")).ConfigureAwait(false);
                if (result.Failure is not null) report(first + steps, $"{pair.ShortName} failed: {result.Failure}");
                results.Add(result);
            }
            return (IReadOnlyList<PeerPairResult>)results;
        }).ConfigureAwait(false);
    }

    private async Task<PeerPairResult> RunPairAsync(PeerPair pair, PeerContent content, string host, string[] hostPrefix, Action<int, string> report)
    {
        // Long enough for the warm-up and every run at their timeouts; normally the server is stopped much earlier.
        var lifetime = StartTimeout + (LargeTimeout + SmallTimeout) * (Runs + 1);
        int port = 0;
        PeerProcess server;
        if (pair.Server == PeerImplementation.Ngtcp2)
        {
            port = FreeUdpPort();
            // start-server.sh's arguments: ADDR PORT KEY CERT (key before cert).
            server = PeerProcess.Start(lifetime, null, GtlsServer,
                ["-q", "-d", content.Root, "127.0.0.1", Number(port), content.KeyPath, content.CertPath]);
        }
        else
        {
            server = PeerProcess.Start(lifetime, null, host,
                [.. hostPrefix, "serve", "--listen", "127.0.0.1:0", "--root", content.Root, "--cert", content.CertPath, "--key", content.KeyPath]);
        }
        using (server)
        {
            try
            {
                port = pair.Server == PeerImplementation.Ngtcp2
                    ? await WaitUntilBoundAsync(port, server).ConfigureAwait(false)
                    : await WaitForListeningPortAsync(server).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                return new PeerPairResult(pair, [], e.Message);
            }
            int? serverPid = server.ProgramPid();

            var warmUp = await FetchAsync(pair.Client, port, PeerContent.WarmUpName, content, host, hostPrefix, serverPid, SmallTimeout).ConfigureAwait(false);
            if (!warmUp.Ok) return new PeerPairResult(pair, [], $"warm-up fetch of 10 MB failed: {warmUp.Failure}; server output: {LastLine(server.Output)}");
            report(1, "warm-up done");

            var results = new List<PeerRun>();
            for (int run = 1; run <= Runs; run++)
            {
                var small = await FetchAsync(pair.Client, port, PeerContent.SmallName, content, host, hostPrefix, serverPid, SmallTimeout).ConfigureAwait(false);
                var large = await FetchAsync(pair.Client, port, content.LargeName, content, host, hostPrefix, serverPid, LargeTimeout).ConfigureAwait(false);
                var result = new PeerRun(run, Size, small, large, LoadEnvironment.LoadAverage());
                results.Add(result);
                report(run + 1, result.MegabytesPerSecond is { } rate ? Invariant($"run {run}: {rate:F1} MB/s") : $"run {run} failed: {large.Failure}");
            }
            return new PeerPairResult(pair, results, null);
        }
    }

    /// <summary>One client process fetching https://127.0.0.1:PORT/NAME into a fresh folder; the file is checked and deleted.</summary>
    private async Task<PeerFetch> FetchAsync(PeerImplementation client, int port, string name, PeerContent content, string host, string[] hostPrefix,
        int? serverPid, TimeSpan timeout)
    {
        string folder = content.NewDownloadFolder();
        string timeFile = Path.Combine(content.Folder, $"time-{Interlocked.Increment(ref _timeFiles)}.txt");
        string url = $"https://127.0.0.1:{Number(port)}/{name}";
        string program;
        string[] arguments;
        if (client == PeerImplementation.Ngtcp2)
        {
            // fetch.sh's flags: without --exit-on-all-streams-close it waits for its idle timeout.
            program = GtlsClient;
            arguments = ["-q", "--exit-on-all-streams-close", $"--download={folder}", "--handshake-timeout=30s", "127.0.0.1", Number(port), url];
        }
        else
        {
            program = host;
            arguments = [.. hostPrefix, "get", "--ca", content.CertPath, "--output-dir", folder, url];
        }

        double? serverBefore = serverPid is { } before ? PeerProcess.CpuSeconds(before) : null;
        var watch = Stopwatch.StartNew();
        using var process = PeerProcess.Start(timeout, timeFile, program, arguments);
        int? exit = await process.WaitAsync(timeout + TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        double wall = watch.Elapsed.TotalSeconds;
        double? serverAfter = serverPid is { } after ? PeerProcess.CpuSeconds(after) : null;

        string? failure = exit switch
        {
            null => $"killed after {wall:F0} s",
            124 or 137 => $"timed out after {timeout.TotalSeconds:F0} s",
            0 => content.Verify(name, Path.Combine(folder, name)),
            _ => $"exit {exit}: {LastLine(process.Output)}",
        };
        // gtlsclient exits 0 even when it got nothing; the file check above is what counts.
        if (failure is not null && exit == 0 && client == PeerImplementation.Ngtcp2 && LastLine(process.Output) is { Length: > 0 } said) failure += $" (gtlsclient: {said})";
        var (cpu, rss) = ReadTimeFile(timeFile);
        Directory.Delete(folder, recursive: true);
        return new PeerFetch(wall, cpu, rss, serverBefore is { } b && serverAfter is { } a ? a - b : null, failure);
    }

    /// <summary>/usr/bin/time's last line "elapsed user system maxrss" (earlier lines say how the command ended).</summary>
    private static (double? Cpu, long? RssKiB) ReadTimeFile(string path)
    {
        if (!File.Exists(path)) return (null, null);
        var line = File.ReadAllLines(path).LastOrDefault(l => l.Length > 0);
        var fields = line?.Split(' ');
        if (fields is not { Length: 4 }
            || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double user)
            || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double system)
            || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out long rss))
        {
            return (null, null);
        }
        return (user + system, rss);
    }

    /// <summary>`actorquic serve` prints "listening on 127.0.0.1:PORT" once bound.</summary>
    private static async Task<int> WaitForListeningPortAsync(PeerProcess server)
    {
        const string Prefix = "listening on ";
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (string line in server.Output.Split('\n'))
            {
                if (line.StartsWith(Prefix, StringComparison.Ordinal)
                    && int.TryParse(line.Trim()[(line.Trim().LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
                {
                    return port;
                }
            }
            if (server.HasExited) throw new InvalidOperationException($"actorquic serve exited: {LastLine(server.Output)}");
            await Task.Delay(50).ConfigureAwait(false);
        }
        throw new InvalidOperationException($"actorquic serve printed no '{Prefix}' line in {StartTimeout.TotalSeconds:F0} s");
    }

    /// <summary>gtlsserver is listening once /proc/net/udp lists 127.0.0.1:PORT (read, not probed by a bind of ours).</summary>
    private static async Task<int> WaitUntilBoundAsync(int port, PeerProcess server)
    {
        string local = $" 0100007F:{port:X4} ";
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!File.ReadLines("/proc/net/udp").Any(l => l.Contains(local, StringComparison.Ordinal)))
        {
            if (server.HasExited) throw new InvalidOperationException($"gtlsserver exited: {LastLine(server.Output)}");
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"gtlsserver did not bind 127.0.0.1:{port} in {StartTimeout.TotalSeconds:F0} s");
            await Task.Delay(50).ConfigureAwait(false);
        }
        return port;
    }

    /// <summary>A port the kernel just handed out on 127.0.0.1 (released again for gtlsserver, which needs a number).</summary>
    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string HostOutputFolder() => Path.Combine(LoadEnvironment.RepositoryRoot(), "src", "Host", "bin", "Release", "net10.0");

    /// <summary>The apphost `actorquic`, or `dotnet actorquic.dll` when there is none.</summary>
    private static (string File, string[] Prefix)? ActorQuicHost()
    {
        string folder = HostOutputFolder();
        string apphost = Path.Combine(folder, "actorquic"), dll = Path.Combine(folder, "actorquic.dll");
        if (File.Exists(apphost)) return (apphost, []);
        return File.Exists(dll) ? ("dotnet", [dll]) : null;
    }

    private static string? Which(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command)).FirstOrDefault(File.Exists);

    private static string LastLine(string output)
    {
        string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
