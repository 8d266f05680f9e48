using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>
/// A stand-in reader, writer or opener for stream specs: records every message it gets (with
/// its sender) and optionally reacts. Runs on the calling-thread dispatcher, so in a
/// <see cref="ConnectionPair"/> everything happens inside virtual-time steps.
/// </summary>
public sealed class Collector : ReceiveActor
{
    public Collector(Collected into, Action<object, IActorRef>? react)
    {
        ReceiveAny(message =>
        {
            into.Add(message);
            react?.Invoke(message, Sender);
        });
    }

    public static IActorRef Create(ActorSystem system, Collected into, string name, Action<object, IActorRef>? react = null)
    {
        var actor = system.ActorOf(Props.Create(() => new Collector(into, react)).WithDispatcher(ConnectionPair.CallingThread), name);
        ConnectionPair.Settle(actor);
        return actor;
    }
}
