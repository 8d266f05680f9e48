using ActorQuic.Protocol.Tls;

namespace ActorQuic.Host.Cli;

/// <summary>
/// One <c>get</c> run's session ticket: the one loaded from <c>--session-file</c> (offered to the
/// server) and the newest the server sent during the run, saved at the end for the next run.
/// </summary>
internal sealed class SessionState(string path, TlsSessionTicket? stored)
{
    private TlsSessionTicket? _latest;

    public TlsSessionTicket? Stored { get; } = stored;

    /// <summary>From the connection's actor thread.</summary>
    public void OnTicket(TlsSessionTicket ticket) => Volatile.Write(ref _latest, ticket);

    public void SaveLatest(HostConsole console)
    {
        if (Volatile.Read(ref _latest) is not { } ticket)
        {
            if (Stored is null) console.Line($"no session ticket received; {path} not written");
            return;
        }
        try
        {
            SessionFile.Save(path, ticket);
            console.Line($"session ticket saved to {path}{(ticket.AllowsEarlyData ? " (0-RTT allowed)" : string.Empty)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error($"--session-file '{path}': cannot save the ticket: {e.Message}");
        }
    }
}
