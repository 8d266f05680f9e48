using ActorQuic.Host.Cli;

namespace ActorQuic.Host.Tests;

/// <summary>Runs <see cref="HostCommand"/> in-process and captures its output.</summary>
internal sealed record HostRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<HostRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        int code = await HostCommand.RunAsync(args, stdout, stderr, timeout.Token);
        return new HostRun(code, stdout.ToString(), stderr.ToString());
    }
}
