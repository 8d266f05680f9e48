using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Recovery;

/// <summary>Reaches a connection's sender and resender children by path (test hooks of issue #4's recovery work).</summary>
internal static class RecoveryProbe
{
    public static ActorSelection SenderOf(ActorSystem system, IActorRef connection) => system.ActorSelection(connection.Path / "sender");

    public static ActorSelection ResenderOf(ActorSystem system, IActorRef connection) => system.ActorSelection(connection.Path / "resender");

    /// <summary>The resender's congestion and RTT state (answered synchronously on the calling-thread dispatcher).</summary>
    public static RecoverySnapshot Snapshot(ActorSystem system, IActorRef connection) =>
        ResenderOf(system, connection).Ask<RecoverySnapshot>(GetRecoverySnapshot.Instance, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    public static byte[] Payload(int seed, int size)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
