using System.Runtime.InteropServices;
using ActorQuic.Host.Cli;

namespace ActorQuic.Host;

/// <summary>Entry point: the real console, Ctrl+C and SIGTERM as cancellation.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl+C and SIGTERM both ask for a graceful stop; a second signal falls through to the default (kill).
        void OnSignal(PosixSignalContext context)
        {
            if (stop.IsCancellationRequested) return;
            context.Cancel = true;
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var console = new HostConsole(Console.Out, Console.Error,
            ShowProgress: !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb");
        return await HostCommand.RunAsync(args, console, stop.Token).ConfigureAwait(false);
    }
}
