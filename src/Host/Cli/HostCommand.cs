using System.CommandLine;

namespace ActorQuic.Host.Cli;

/// <summary>
/// The <c>actorquic</c> command line (DESIGN.md "Command-line contract"): parses, validates and
/// runs <c>serve</c> or <c>get</c>, and returns the exit code. Every expected failure is one line on
/// <c>stderr</c> (never a stack trace): parse errors and <see cref="UsageException"/>s exit with
/// <see cref="ExitCodes.Usage"/>, run-time failures with <see cref="ExitCodes.Failure"/>.
/// </summary>
public static partial class HostCommand
{
    private const string Program = "actorquic";

    /// <summary>Runs with <paramref name="stdout"/> and <paramref name="stderr"/> as the console.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new HostConsole(stdout, stderr, ShowProgress: false), cancellationToken);

    internal static async Task<int> RunAsync(string[] args, HostConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var commands = new Commands();
            var parse = commands.Root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // An unknown word explains more than the "required command" error it also causes.
                string message = parse.UnmatchedTokens.Count > 0
                    ? $"unrecognized command or argument '{parse.UnmatchedTokens[0]}'"
                    : Flatten(parse.Errors[0].Message);
                console.Error($"{message} (see '{Program} --help')");
                return ExitCodes.Usage;
            }
            // No command has an action of its own: an action here is --help or --version.
            if (parse.Action is not null)
            {
                return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Err },
                    cancellationToken).ConfigureAwait(false);
            }
            if (parse.CommandResult.Command == commands.Serve)
            {
                var settings = commands.ReadServe(parse);
                return await ServeRunner.RunAsync(settings, console, cancellationToken).ConfigureAwait(false);
            }
            if (parse.CommandResult.Command == commands.Get)
            {
                var settings = commands.ReadGet(parse);
                return await GetRunner.RunAsync(settings, console, cancellationToken).ConfigureAwait(false);
            }
            console.Error($"a command is required: serve or get (see '{Program} --help')");
            return ExitCodes.Usage;
        }
        catch (UsageException e)
        {
            console.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error("interrupted");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // The last line of defence: still one line, with the exception type to make it reportable.
            console.Error($"{e.GetType().Name}: {HostText.OneLine(e.Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Some parser messages list choices on separate lines; the contract is one line.</summary>
    private static string Flatten(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
