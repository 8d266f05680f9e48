namespace ActorQuic.Host.Cli;

/// <summary>Where <c>actorquic</c> writes; <see cref="ShowProgress"/> only for a real terminal.</summary>
internal sealed record HostConsole(TextWriter Out, TextWriter Err, bool ShowProgress)
{
    private const string Prefix = "actorquic: ";

    /// <summary>One error line; TextWriter.Synchronized is not assumed, so writes are serialized here.</summary>
    public void Error(string message)
    {
        lock (Err) Err.WriteLine(Prefix + message);
    }

    public void Line(string message)
    {
        lock (Out) Out.WriteLine(message);
    }
}
