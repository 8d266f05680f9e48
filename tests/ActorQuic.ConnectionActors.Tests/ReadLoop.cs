using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>
/// The read side of the stream contract as the test applications use it: a ReadStream when a
/// stream appears (the peer's, or ours once opened and bidirectional) and again after every
/// StreamDataReceived until the FIN, so every stream is drained as data arrives.
/// </summary>
public static class ReadLoop
{
    public const int ChunkSize = 64 * 1024;

    /// <summary>Issues the next read that <paramref name="message"/> calls for, to <paramref name="connection"/> (its sender).</summary>
    public static void Continue(object message, IActorRef connection)
    {
        switch (message)
        {
            case StreamAccepted accepted:
                connection.Tell(new ReadStream(accepted.StreamId, ChunkSize));
                break;
            case StreamOpened opened when IsBidirectional(opened.StreamId):
                connection.Tell(new ReadStream(opened.StreamId, ChunkSize));
                break;
            case StreamDataReceived data when !data.Fin:
                connection.Tell(new ReadStream(data.StreamId, ChunkSize));
                break;
        }
    }

    public static bool IsBidirectional(ulong streamId) => (streamId & 0x2) == 0;
}
