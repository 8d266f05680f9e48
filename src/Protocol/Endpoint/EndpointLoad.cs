namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// How busy the endpoint is when a datagram arrives, as counted by the dispatcher, which owns
/// the connections. Compared with <see cref="EndpointRouterOptions.MaxConnections"/> and
/// <see cref="EndpointRouterOptions.MaxHandshakesInProgress"/> before accepting a connection.
/// </summary>
/// <param name="Connections">Live connections of both roles, handshaking ones included.</param>
/// <param name="HandshakesInProgress">Server connections whose handshake has not completed.</param>
public readonly record struct EndpointLoad(int Connections, int HandshakesInProgress);
