using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Client receiver → sender and connection: a Retry was accepted (RFC 9000 §17.2.5.2; its
/// integrity tag verified against the original DCID, RFC 9001 §5.8). The sender addresses the
/// next Initials to <paramref name="SourceConnectionId"/> with <paramref name="Token"/> and
/// Initial keys derived from that new DCID (RFC 9001 §5.2); the connection expects it back as
/// retry_source_connection_id (RFC 9000 §7.3).
/// </summary>
public sealed record RetryAccepted(uint Version, ConnectionId SourceConnectionId, byte[] Token);

/// <summary>
/// Sender → resender after a Retry: reset loss recovery and congestion control (RFC 9002 §6.3)
/// and hand the Initial packets sent so far back as lost, so their CRYPTO data (the
/// ClientHello, from offset 0) goes out again in a new Initial (RFC 9000 §17.2.5.3).
/// </summary>
public sealed record RestartRecoveryAfterRetry
{
    public static readonly RestartRecoveryAfterRetry Instance = new();
}
