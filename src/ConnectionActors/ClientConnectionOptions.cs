using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// What a client connection needs beyond the endpoint's <see cref="ActorQuic.Dispatcher.Endpoint.NewConnectionContext"/>:
/// pass one as <see cref="ActorQuic.Dispatcher.Endpoint.Connect.ClientOptions"/>, one per Connect
/// (the connection writes its transport parameters into <see cref="Tls"/>, RFC 9001 §8.2).
/// </summary>
public sealed class ClientConnectionOptions : ConnectionSettings
{
    /// <summary>Server name (SNI and certificate check), trust, ALPN and the rest of TLS.</summary>
    public required TlsClientOptions Tls { get; init; }

    /// <summary>
    /// With 0-RTT offered: how long the first flight may wait for the application's first request (a
    /// bidirectional stream we opened, written up to its FIN) so that it leaves in 0-RTT packets together
    /// with the ClientHello, as a client that prepares its request before connecting would send it.
    /// Zero (the default): the handshake starts at once and data rides 0-RTT only if it comes before the
    /// server's reply brings 1-RTT keys.
    /// </summary>
    public TimeSpan EarlyDataHold { get; init; }

    /// <summary>Receives the connection's events; null: whoever sent Connect (the requester).</summary>
    public IActorRef? Owner { get; init; }
}
