using Akka.Actor;
using Akka.Event;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>Attaches a <see cref="LogCollector"/> to an ActorSystem's warnings and errors.</summary>
public static class LogCollection
{
    public static List<string> Attach(ActorSystem system)
    {
        var lines = new List<string>();
        var collector = system.ActorOf(Props.Create(() => new LogCollector(lines)).WithDispatcher(ConnectionPair.CallingThread));
        system.EventStream.Subscribe(collector, typeof(Warning));
        system.EventStream.Subscribe(collector, typeof(Error));
        return lines;
    }
}
