using Akka.Actor;
using Akka.Event;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>Collects warnings and errors of the ActorSystem so assertion messages can show them.</summary>
public sealed class LogCollector : ReceiveActor
{
    public LogCollector(List<string> lines)
    {
        Receive<LogEvent>(e =>
        {
            lock (lines) lines.Add($"{e.LogLevel()} {e.LogSource}: {e.Message} {e.Cause}");
        });
    }
}
