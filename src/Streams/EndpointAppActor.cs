using ActorQuic.Dispatcher.Actors;
using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.Streams;

/// <summary>
/// The application side of one endpoint, a sibling of its EndpointActor under /user/quic. It is
/// the server role's single Owner (ServerConnectionSettings.Owner): each connection's events
/// arrive with the connection as Sender and are routed to that connection's
/// <see cref="ConnectionAgent"/> child, made on its first event. It also parents the client agents.
/// </summary>
internal sealed class EndpointAppActor : ReceiveActor
{
    private readonly EndpointContext _context;
    private readonly Dictionary<IActorRef, IActorRef> _serverAgents = [];
    private readonly Dictionary<IActorRef, IActorRef> _connectionsByAgent = [];
    private long _nextClient;
    private long _nextServer;

    public EndpointAppActor(EndpointContext context)
    {
        _context = context;
        Receive<StartClientConnection>(m => Context.ActorOf(ConnectionAgent.ForClient(_context, m.Request), $"client-{++_nextClient}"));
        Receive<Terminated>(m => Forget(m.ActorRef));
        ReceiveAny(RouteFromConnection);
    }

    public static Props Props(EndpointContext context) => FactoryProps.Of(() => new EndpointAppActor(context));

    protected override void PostStop() => _context.CompleteAccepted();

    /// <summary>An agent that throws is stopped (its PostStop fails a pending connect and ends its connection's API state).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void RouteFromConnection(object message)
    {
        var connection = Sender;
        if (connection.IsNobody()) return;
        if (!_serverAgents.TryGetValue(connection, out var agent))
        {
            // Only a connection's own events open an agent; a stray late message of a gone one does not.
            if (message is not (ConnectionEstablished or StreamAccepted or DatagramFrameReceived or EarlyDataDecided)) return;
            agent = Context.ActorOf(ConnectionAgent.ForServer(_context, connection), $"server-{++_nextServer}");
            Context.Watch(agent);
            Context.Watch(connection);
            _serverAgents[connection] = agent;
            _connectionsByAgent[agent] = connection;
        }
        agent.Forward(message);
        if (message is ConnectionClosed)
        {
            // The agent stops on ConnectionClosed; route nothing more to it. The connection's own
            // Terminated then finds no agent (local delivery keeps ConnectionClosed ahead of it).
            Context.Unwatch(connection);
            _serverAgents.Remove(connection);
            _connectionsByAgent.Remove(agent);
        }
    }

    private void Forget(IActorRef actor)
    {
        if (_connectionsByAgent.Remove(actor, out var connection))
        {
            // The agent stopped (e.g. it threw) before its connection ended.
            _serverAgents.Remove(connection);
            Context.Unwatch(connection);
        }
        else if (_serverAgents.Remove(actor, out var agent))
        {
            // The connection died without ConnectionClosed (it crashed or its endpoint stopped): end the
            // agent, whose PostStop closes the QuicConnection's API state.
            _connectionsByAgent.Remove(agent);
            Context.Unwatch(agent);
            Context.Stop(agent);
        }
    }
}
