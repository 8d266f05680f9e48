using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>Which way a server handed out an address validation token (RFC 9000 §8.1.3).</summary>
public enum AddressTokenKind : byte
{
    /// <summary>Carried in a Retry packet: valid briefly, bound to the client's IP address and port.</summary>
    Retry = 1,
    /// <summary>Carried in a NEW_TOKEN frame: valid longer, bound to the client's IP address only, single use.</summary>
    NewToken = 2,
}

/// <summary>What a valid token told the server.</summary>
/// <param name="Kind">How it was issued.</param>
/// <param name="OriginalDestinationConnectionId">For Retry tokens: the DCID of the client's first Initial,
/// which the server must echo in original_destination_connection_id (RFC 9000 §7.3).</param>
/// <param name="RetrySourceConnectionId">For Retry tokens: the SCID of the Retry packet (retry_source_connection_id).</param>
public readonly record struct AddressToken(
    AddressTokenKind Kind,
    ConnectionId OriginalDestinationConnectionId,
    ConnectionId RetrySourceConnectionId);
