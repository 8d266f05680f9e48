using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// How an endpoint's server role makes its connections (<see cref="ConnectionActor.ServerFactory"/>):
/// what every accepted connection shares. The per-connection parts (CIDs, version, address,
/// Retry and address validation) come from the <see cref="NewConnectionContext"/>.
/// </summary>
public sealed class ServerConnectionSettings : ConnectionSettings
{
    /// <summary>
    /// TLS options for one new connection. Called once per accepted connection, on the endpoint's
    /// thread; it must return a fresh object each time, because the connection writes its
    /// transport parameters into it (RFC 9001 §8.2).
    /// </summary>
    public required Func<NewConnectionContext, TlsServerOptions> TlsServer { get; init; }

    /// <summary>Receives each connection's events (ConnectionEstablished, StreamAccepted, ...) with the connection as sender; may be null.</summary>
    public IActorRef? Owner { get; init; }
}
