using System.Security.Cryptography;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// Stateless reset tokens from one static key (RFC 9000 §10.3.2):
/// HMAC-SHA256(staticKey, connectionId) truncated to 16 bytes, so an endpoint that lost its
/// state can still reset a connection from the connection ID alone. The same key must never
/// serve two connections with the same connection ID. Thread-safe: it holds only the key.
/// </summary>
public sealed class StatelessResetTokenGenerator
{
    public const int TokenLength = 16;

    /// <summary>Keys shorter than the HMAC-SHA256 output would weaken the PRF.</summary>
    public const int MinKeyLength = 32;

    private readonly byte[] _key;

    public StatelessResetTokenGenerator(ReadOnlySpan<byte> staticKey)
    {
        if (staticKey.Length < MinKeyLength)
            throw new ArgumentException($"the static key must be at least {MinKeyLength} bytes", nameof(staticKey));
        _key = staticKey.ToArray();
    }

    /// <summary>A generator with a fresh random key (tokens then do not survive a restart).</summary>
    public static StatelessResetTokenGenerator CreateRandom() => new(RandomNumberGenerator.GetBytes(MinKeyLength));

    public void Generate(ReadOnlySpan<byte> connectionId, Span<byte> token)
    {
        if (token.Length != TokenLength)
            throw new ArgumentException($"stateless reset tokens are {TokenLength} bytes", nameof(token));
        // The connection ID from an incoming packet identifies the connection (§10.3.2), so an
        // empty one cannot be reset this way: callers must not issue tokens for it.
        if (connectionId.IsEmpty)
            throw new ArgumentException("a zero-length connection ID cannot carry a derived stateless reset token", nameof(connectionId));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, connectionId, mac);
        mac[..TokenLength].CopyTo(token);
        CryptographicOperations.ZeroMemory(mac);
    }

    public void Generate(ConnectionId connectionId, Span<byte> token) => Generate(connectionId.Span, token);

    public byte[] Generate(ConnectionId connectionId)
    {
        var token = new byte[TokenLength];
        Generate(connectionId.Span, token);
        return token;
    }

    /// <summary>Whether <paramref name="candidate"/> is the token for <paramref name="connectionId"/>, compared in constant time.</summary>
    public bool Matches(ReadOnlySpan<byte> connectionId, ReadOnlySpan<byte> candidate)
    {
        if (connectionId.IsEmpty) return false;
        Span<byte> expected = stackalloc byte[TokenLength];
        Generate(connectionId, expected);
        return TokensEqual(expected, candidate);
    }

    /// <summary>
    /// Constant-time comparison of two tokens, as RFC 9000 §10.3.1 requires when matching the
    /// last 16 bytes of a datagram, so timing leaks nothing about a stored token.
    /// </summary>
    public static bool TokensEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length == TokenLength && b.Length == TokenLength && CryptographicOperations.FixedTimeEquals(a, b);
}
