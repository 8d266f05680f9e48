using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Transport;

/// <summary>
/// Checks that the connection IDs a peer declared in its transport parameters match those seen
/// in the Initial and Retry packets (RFC 9000 §7.3), so an on-path attacker cannot have steered
/// the handshake's connection IDs.
/// </summary>
/// <remarks>
/// RFC 9000 §7.3 allows TRANSPORT_PARAMETER_ERROR or PROTOCOL_VIOLATION for the Retry and
/// mismatch cases. We always use TRANSPORT_PARAMETER_ERROR: the fault is in the parameters,
/// and one code keeps callers and tests simple.
/// </remarks>
public static class ConnectionIdAuthentication
{
    /// <summary>Throws unless <paramref name="peer"/>'s connection IDs are authentic.</summary>
    /// <param name="peer">The peer's decoded transport parameters.</param>
    /// <param name="peerRole">Whether the peer is the server (we are the client) or the client.</param>
    /// <param name="peerInitialSourceConnectionId">The Source Connection ID of the first Initial received from the peer.</param>
    /// <param name="originalDestinationConnectionId">
    /// The Destination Connection ID of the client's first Initial. Checked only when the peer is
    /// the server; a server validating a client may pass anything.
    /// </param>
    /// <param name="retrySourceConnectionId">
    /// The Source Connection ID of the Retry packet the client received, or null when there was
    /// none. Checked only when the peer is the server.
    /// </param>
    /// <exception cref="QuicProtocolException">TRANSPORT_PARAMETER_ERROR on any absence or mismatch.</exception>
    public static void Validate(
        TransportParameters peer,
        TransportParameterSender peerRole,
        ConnectionId peerInitialSourceConnectionId,
        ConnectionId originalDestinationConnectionId,
        ConnectionId? retrySourceConnectionId)
    {
        ArgumentNullException.ThrowIfNull(peer);

        // RFC 9000 §7.3: initial_source_connection_id is mandatory from both endpoints.
        if (peer.InitialSourceConnectionId is not { } initialSource)
            throw Error("peer omitted initial_source_connection_id");
        if (initialSource != peerInitialSourceConnectionId)
            throw Error($"initial_source_connection_id {initialSource} does not match the Initial's SCID {peerInitialSourceConnectionId}");

        if (peerRole == TransportParameterSender.Client)
        {
            // Decode already refuses these from a client (§18.2); repeat it for parameters built elsewhere.
            if (peer.OriginalDestinationConnectionId is not null || peer.RetrySourceConnectionId is not null)
                throw Error("client sent a server-only connection ID parameter");
            return;
        }

        // RFC 9000 §7.3: original_destination_connection_id is mandatory from the server.
        if (peer.OriginalDestinationConnectionId is not { } originalDestination)
            throw Error("server omitted original_destination_connection_id");
        if (originalDestination != originalDestinationConnectionId)
            throw Error($"original_destination_connection_id {originalDestination} does not match the first Initial's DCID {originalDestinationConnectionId}");

        switch (peer.RetrySourceConnectionId, retrySourceConnectionId)
        {
            case (null, null):
                break;
            case (null, not null):
                throw Error("server omitted retry_source_connection_id after a Retry");
            case (not null, null):
                throw Error("server sent retry_source_connection_id without a Retry");
            case ({ } declared, { } received) when declared != received:
                throw Error($"retry_source_connection_id {declared} does not match the Retry's SCID {received}");
        }
    }

    private static QuicProtocolException Error(string reason) =>
        new(TransportErrorCode.TransportParameterError, reason);
}
