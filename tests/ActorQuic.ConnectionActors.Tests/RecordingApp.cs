using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>
/// The application side of a connection in tests: reads every stream (<see cref="ReadLoop"/>),
/// records every event into an <see cref="AppLog"/> and, given a response, answers the first data
/// on a bidirectional stream with it and a FIN (hq-interop style).
/// </summary>
public sealed class RecordingApp : ReceiveActor
{
    private readonly HashSet<ulong> _answered = [];

    public RecordingApp(AppLog log, byte[]? response)
    {
        ReceiveAny(message =>
        {
            log.Record(message);
            ReadLoop.Continue(message, Sender);
            if (response is not null && message is StreamDataReceived data && ReadLoop.IsBidirectional(data.StreamId)
                && _answered.Add(data.StreamId))
                Sender.Tell(new WriteStream(data.StreamId, response, Fin: true));
        });
    }

    public static Props Props(AppLog log, byte[]? response = null) =>
        Akka.Actor.Props.Create(() => new RecordingApp(log, response)).WithDispatcher(ConnectionPair.CallingThread);
}
