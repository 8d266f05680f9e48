using ActorQuic.Dispatcher.Actors;
using Akka.Actor;

namespace ActorQuic.Streams;

/// <summary>
/// /user/quic: the parent of every endpoint of an ActorSystem (DESIGN.md "Actor tree"): for each,
/// the EndpointActor (endpoint-&lt;port&gt;) and its application side (app-&lt;port&gt;). An endpoint
/// that fails is stopped, never restarted (its socket and connections cannot be rebuilt).
/// </summary>
internal sealed class QuicGuardian : ReceiveActor
{
    public QuicGuardian()
    {
        Receive<CreateEndpoint>(m =>
        {
            IActorRef? app = null;
            try
            {
                string name = UniqueName(m.Name);
                app = Context.ActorOf(m.AppProps, $"app-{name}");
                var endpoint = Context.ActorOf(m.EndpointProps(app), $"endpoint-{name}");
                Sender.Tell(new EndpointCreated(app, endpoint));
            }
            catch (Exception e)
            {
                // Bad settings: the caller of Bind gets the exception, nothing is left running.
                if (app is not null) Context.Stop(app);
                Sender.Tell(new Status.Failure(e));
            }
        });
    }

    public static Props Props() => FactoryProps.Of(() => new QuicGuardian());

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>
    /// Two endpoints may share a port (IPv4 and IPv6, simulated addresses, or a port reused while
    /// the previous endpoint's actors are still stopping): suffix the later one.
    /// </summary>
    private static string UniqueName(string name)
    {
        static bool Free(string candidate) =>
            Context.Child($"endpoint-{candidate}").IsNobody() && Context.Child($"app-{candidate}").IsNobody();

        if (Free(name)) return name;
        for (int i = 2; ; i++)
            if (Free($"{name}-{i}")) return $"{name}-{i}";
    }
}
