using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors;

/// <summary>Client side of Retry (RFC 9000 §8.1.2, §17.2.5): what the connection itself remembers of it.</summary>
public sealed partial class ConnectionActor
{
    /// <summary>The SCID of the Retry we accepted; the server must echo it in retry_source_connection_id (RFC 9000 §7.3).</summary>
    private ConnectionId? _retrySourceConnectionId;

    private void RetryHandlers() =>
        // The receiver accepts at most one Retry (RFC 9000 §17.2.5.2); keep the first anyway.
        Receive<RetryAccepted>(m => _retrySourceConnectionId ??= m.SourceConnectionId);
}
