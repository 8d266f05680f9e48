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

    public RecordingApp(AppLog log, byte[]? response, Func<ulong, bool>? reads)
    {
        ReceiveAny(message =>
        {
            log.Record(message);
            if (reads is null || StreamOf(message) is not { } id || reads(id)) ReadLoop.Continue(message, Sender);
            if (response is not null && message is StreamDataReceived data && ReadLoop.IsBidirectional(data.StreamId)
                && _answered.Add(data.StreamId))
                Sender.Tell(new WriteStream(data.StreamId, response, Fin: true));
        });
    }

    /// <param name="reads">Which streams to read as they appear (null: all); a test reads the others itself.</param>
    public static Props Props(AppLog log, byte[]? response = null, Func<ulong, bool>? reads = null) =>
        Akka.Actor.Props.Create(() => new RecordingApp(log, response, reads)).WithDispatcher(ConnectionPair.CallingThread);

    private static ulong? StreamOf(object message) => message switch
    {
        StreamAccepted a => a.StreamId,
        StreamOpened o => o.StreamId,
        StreamDataReceived d => d.StreamId,
        _ => null,
    };
}
