using Akka.Actor;

namespace ActorQuic.Streams;

/// <summary>The handshake of a client connection took longer than allowed.</summary>
internal sealed record HandshakeTimedOut
{
    public static readonly HandshakeTimedOut Instance = new();
}

/// <summary>The caller of ConnectAsync cancelled.</summary>
internal sealed record CancelConnect
{
    public static readonly CancelConnect Instance = new();
}

/// <summary>Endpoint app actor: start a client connection agent.</summary>
internal sealed record StartClientConnection(ClientConnectionRequest Request);

/// <summary>Guardian (/user/quic): create the app actor and then the endpoint actor it owns; answered with <see cref="EndpointCreated"/>.</summary>
internal sealed record CreateEndpoint(string Name, Props AppProps, Func<IActorRef, Props> EndpointProps);

internal sealed record EndpointCreated(IActorRef App, IActorRef Endpoint);
