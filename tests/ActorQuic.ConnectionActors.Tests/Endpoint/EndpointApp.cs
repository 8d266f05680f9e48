using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// The application of one role on an endpoint: reads every stream (<see cref="ReadLoop"/>), records
/// everything into an <see cref="EndpointAppLog"/> and, given a response, answers the first data on each stream of each connection with it and a
/// FIN (hq-interop style), to the connection that sent the data.
/// </summary>
public sealed class EndpointApp : ReceiveActor
{
    private readonly HashSet<(IActorRef, ulong)> _answered = [];

    public EndpointApp(EndpointAppLog log, byte[]? response)
    {
        ReceiveAny(message =>
        {
            log.Record(Sender, message);
            ReadLoop.Continue(message, Sender);
            if (response is not null && message is StreamDataReceived data && ReadLoop.IsBidirectional(data.StreamId)
                && _answered.Add((Sender, data.StreamId)))
                Sender.Tell(new WriteStream(data.StreamId, response, Fin: true));
        });
    }

    public static Props Props(EndpointAppLog log, byte[]? response = null, string? dispatcher = null)
    {
        var props = Akka.Actor.Props.Create(() => new EndpointApp(log, response));
        return dispatcher is null ? props : props.WithDispatcher(dispatcher);
    }
}
