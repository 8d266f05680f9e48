using System.Diagnostics;

namespace ActorQuic.Load;

/// <summary>This program started again in a role (serve-blob, get-blob), talked to by lines on stdin/stdout.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static ChildProcess Start(params string[] args) =>
        new(Process.Start(LoadEnvironment.SelfStartInfo(args)) ?? throw new InvalidOperationException("could not start the child process"));

    /// <summary>The next stdout line starting with <paramref name="prefix"/> (other lines are echoed to stderr).</summary>
    public async Task<string> ReadLineAsync(string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line = await _process.StandardOutput.ReadLineAsync(cancel.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"child {Id} ended (exit code {(_process.HasExited ? _process.ExitCode : -1)}) before printing {prefix}");
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
            Console.Error.WriteLine($"[child {Id}] {line}");
        }
    }

    public async Task<ProcessStats> StatsAsync(bool collect)
    {
        await _process.StandardInput.WriteLineAsync(collect ? "memstats" : "stats").ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        return ProcessStats.Parse(await ReadLineAsync("STATS", TimeSpan.FromSeconds(60)).ConfigureAwait(false));
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                if (!_process.WaitForExit(5000)) _process.Kill();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
