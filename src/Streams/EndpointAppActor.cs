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

    public static Props Props(EndpointContext context) => Akka.Actor.Props.Create(() => new EndpointAppActor(context));

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
            if (message is not (ConnectionEstablished or StreamAccepted or DatagramFrameReceived)) return;
            agent = Context.ActorOf(ConnectionAgent.ForServer(_context, connection), $"server-{++_nextServer}");
            Context.Watch(agent);
            _serverAgents[connection] = agent;
            _connectionsByAgent[agent] = connection;
        }
        agent.Forward(message);
    }

    private void Forget(IActorRef agent)
    {
        if (_connectionsByAgent.Remove(agent, out var connection)) _serverAgents.Remove(connection);
    }
}
