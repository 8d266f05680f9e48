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
            string name = UniqueName(m.Name);
            var app = Context.ActorOf(m.AppProps, $"app-{name}");
            try
            {
                var endpoint = Context.ActorOf(m.EndpointProps(app), $"endpoint-{name}");
                Sender.Tell(new EndpointCreated(app, endpoint));
            }
            catch (Exception e)
            {
                // Bad settings: the caller of Bind gets the exception, nothing is left running.
                Context.Stop(app);
                Sender.Tell(new Status.Failure(e));
            }
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new QuicGuardian());

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Two endpoints may share a port (IPv4 and IPv6, or simulated addresses): suffix the second.</summary>
    private static string UniqueName(string name)
    {
        if (Context.Child($"endpoint-{name}").IsNobody()) return name;
        for (int i = 2; ; i++)
            if (Context.Child($"endpoint-{name}-{i}").IsNobody()) return $"{name}-{i}";
    }
}
