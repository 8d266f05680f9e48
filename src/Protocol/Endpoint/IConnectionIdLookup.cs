using System.Diagnostics.CodeAnalysis;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// The dispatcher's routing table, seen read-only by <see cref="EndpointRouter{THandle}"/>. The
/// dispatcher owns and mutates it (registering and retiring connection IDs as connections ask);
/// the router only looks things up, so its decision stays a function of its inputs.
/// </summary>
/// <typeparam name="THandle">Whatever the dispatcher uses to reach a connection (an actor ref, an index).</typeparam>
public interface IConnectionIdLookup<THandle>
{
    /// <summary>
    /// The connection that owns <paramref name="destinationConnectionId"/>: one of our local
    /// connection IDs (fixed length, RFC 9000 §5.2), or the client-chosen DCID of a server
    /// connection's first Initial while its Initials may still arrive. Long headers of
    /// unknown versions may carry up to 255 bytes (RFC 8999 §5.1); such IDs are never ours.
    /// </summary>
    bool TryGet(ReadOnlySpan<byte> destinationConnectionId, [MaybeNullWhen(false)] out THandle handle);

    /// <summary>
    /// The connection whose peer issued <paramref name="token"/> (the last 16 bytes of a datagram
    /// no connection ID matched) as a stateless reset token (RFC 9000 §10.3.1). Only tokens of
    /// connection IDs in use may match, and the table must not leak token values through timing
    /// (§10.3.1: e.g. key the table by an HMAC of the token rather than by the token itself).
    /// </summary>
    bool TryGetByStatelessResetToken(ReadOnlySpan<byte> token, [MaybeNullWhen(false)] out THandle handle);
}
