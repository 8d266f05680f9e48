using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Everything the router learned from a client Initial it decided to accept; the connection
/// needs it for its Initial keys and its transport parameters (RFC 9000 §7.3).
/// </summary>
/// <param name="Version">The version the client chose; accepting commits the server to it (RFC 9000 §5.2.2).</param>
/// <param name="DestinationConnectionId">This Initial's DCID: the server's Initial keys derive from it (RFC 9001 §5.2).
/// After a Retry it is the Retry's SCID.</param>
/// <param name="SourceConnectionId">The client's SCID: the DCID of every packet the server sends (RFC 9000 §7.2).</param>
/// <param name="OriginalDestinationConnectionId">For original_destination_connection_id: the DCID of the client's
/// very first Initial, recovered from the Retry token after a Retry (RFC 9000 §7.3).</param>
/// <param name="RetrySourceConnectionId">For retry_source_connection_id; empty unless the client came back from a Retry.</param>
/// <param name="Token">What the token was.</param>
public readonly record struct IncomingConnection(
    uint Version,
    ConnectionId DestinationConnectionId,
    ConnectionId SourceConnectionId,
    ConnectionId OriginalDestinationConnectionId,
    ConnectionId RetrySourceConnectionId,
    InitialTokenStatus Token)
{
    /// <summary>
    /// Whether the token proved the client owns its address, which lifts the 3x anti-amplification
    /// limit from the start (RFC 9000 §8.1).
    /// </summary>
    public bool AddressValidated => Token is InitialTokenStatus.RetryTokenValid or InitialTokenStatus.NewTokenValid;

    /// <summary>Whether the client went through a Retry, so retry_source_connection_id must be sent (RFC 9000 §7.3).</summary>
    public bool WasRetried => Token == InitialTokenStatus.RetryTokenValid;
}
