using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ActorQuic.Load;

/// <summary>
/// One program of the peers scenario (gtlsserver, gtlsclient, actorquic serve/get) as a child
/// process under coreutils <c>timeout</c>, so it ends even when this tool dies; clients also run
/// under <c>/usr/bin/time</c>, which reports their CPU time and peak RSS after the exit.
/// stdout and stderr are drained into a bounded buffer (gtlsclient prints noise even with -q).
/// </summary>
public sealed class PeerProcess : IDisposable
{
    /// <summary>Linux reports /proc/PID/stat times in USER_HZ ticks, which is 100 on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process) => _process = process;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>[/usr/bin/time -o timeFile] timeout -k 5 LIFETIME program args</c>.
    /// </summary>
    public static PeerProcess Start(TimeSpan lifetime, string? timeFile, string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(timeFile is null ? "timeout" : "/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (timeFile is not null)
        {
            // Elapsed s, user s, system s, max RSS KiB (of the largest process in the tree: the program).
            foreach (var a in new[] { "-f", "%e %U %S %M", "-o", timeFile, "timeout" }) info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add("--kill-after=5");
        info.ArgumentList.Add(((int)Math.Ceiling(lifetime.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(program);
        foreach (var a in arguments) info.ArgumentList.Add(a);

        var process = new Process { StartInfo = info };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits for the exit; kills the tree after <paramref name="timeout"/>. The exit code, or null when killed.</summary>
    public async Task<int?> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return null;
        }
    }

    /// <summary>The program itself: the child of the <c>timeout</c> process (servers are started without /usr/bin/time).</summary>
    public int? ProgramPid()
    {
        string children = $"/proc/{_process.Id}/task/{_process.Id}/children";
        try
        {
            var first = File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is null ? null : int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>User + system CPU seconds of a running process so far (/proc/PID/stat fields 14 and 15), or null when it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long user = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture);
        long system = long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            // Enough to diagnose a failure, never unbounded.
            if (_output.Length < 64 * 1024) _output.AppendLine(line);
        }
    }
}
