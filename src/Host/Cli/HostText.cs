namespace ActorQuic.Host.Cli;

/// <summary>Text helpers for one-line output.</summary>
internal static class HostText
{
    /// <summary>Exception messages may span lines; the contract is one line per error.</summary>
    public static string OneLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return (newline < 0 ? message : message[..newline]).TrimEnd('.', ' ');
    }
}
