using System.Security.Cryptography;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

public sealed partial class PeerConnectionIds
{
    /// <summary>
    /// The smallest datagram that can be a stateless reset: 5 bytes of header-like prefix and
    /// the 16-byte token (RFC 9000 §10.3); anything shorter is discarded as not QUIC.
    /// </summary>
    public const int MinStatelessResetLength = 21;

    /// <summary>
    /// Whether <paramref name="datagram"/> is a stateless reset for this connection (RFC 9000
    /// §10.3.1): its last 16 bytes equal the token of an active ID we have sent with. Call it
    /// for datagrams whose first packet could not be processed; on true the connection enters
    /// the draining period and sends nothing more.
    /// </summary>
    /// <remarks>
    /// §10.3.1: tokens of IDs unused or retired MUST NOT be checked; the comparison must not
    /// leak a token's value, so each comparison is fixed-time and all tokens are compared
    /// without stopping at a match. The header form is not checked: any packet ending in a
    /// valid token counts (§10.3).
    /// </remarks>
    public bool IsStatelessReset(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < MinStatelessResetLength) return false;
        ReadOnlySpan<byte> tail = datagram[^StatelessResetToken.Length..];
        bool match = false;
        foreach (var entry in _active)
        {
            if (!entry.Used || entry.Token is not { } token) continue;
            match |= CryptographicOperations.FixedTimeEquals(tail, token.Span);
        }
        return match;
    }
}
