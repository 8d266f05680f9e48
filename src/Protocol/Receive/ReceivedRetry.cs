using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>
/// A Retry packet a client accepted (RFC 9000 §17.2.5.2): its integrity tag verified against
/// the original Destination Connection ID (RFC 9001 §5.8). The client sends its next Initials
/// to <see cref="SourceConnectionId"/> with <see cref="Token"/>, re-deriving Initial keys from
/// the new Destination Connection ID (RFC 9001 §5.2).
/// </summary>
/// <param name="Token">The Retry Token, copied out of the datagram (never empty).</param>
public sealed record ReceivedRetry(uint Version, ConnectionId SourceConnectionId, byte[] Token);
