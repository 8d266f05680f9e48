using Akka.Actor;
using Akka.Configuration;

namespace ActorQuic.Host.Cli;

/// <summary>The program's ActorSystem: quiet (only warnings and errors), no dead-letter chatter.</summary>
internal static class HostActorSystem
{
    private static readonly Config Quiet = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """);

    public static ActorSystem Create() => ActorSystem.Create("actorquic", Quiet);
}
