namespace ActorQuic.Host.Cli;

/// <summary>
/// A problem with what the user asked for (bad option value, unreadable file, unsupported option):
/// reported as one line on stderr with exit code <see cref="ExitCodes.Usage"/>, never as a stack trace.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
