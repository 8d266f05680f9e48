using System.Runtime.CompilerServices;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// Which frame types this stack knows, and which packet types may carry them
/// (RFC 9000 §12.4 Table 3 "Pkts" column, §12.5; RFC 9221 §4). Every known type is below 64,
/// so each rule is a 64-bit mask indexed by the type value: one shift and AND per frame.
/// </summary>
public static class FramePermissions
{
    private const ulong CoreTypes = (1UL << 0x1f) - 1; // 0x00..0x1e (RFC 9000 §19)
    private const ulong DatagramTypes = 1UL << 0x30 | 1UL << 0x31; // RFC 9221 §4

    /// <summary>Bit n set when frame type n is defined.</summary>
    internal const ulong KnownMask = CoreTypes | DatagramTypes;

    // RFC 9000 §12.4 "IH" column entries and §12.5: PADDING, PING, ACK, CRYPTO, and only the
    // QUIC-layer CONNECTION_CLOSE (0x1c, the "ih" note) in the Initial and Handshake spaces.
    private const ulong InitialHandshakeMask =
        1UL << 0x00 | 1UL << 0x01 | 1UL << 0x02 | 1UL << 0x03 | 1UL << 0x06 | 1UL << 0x1c;

    // RFC 9000 §12.5: 0-RTT cannot carry ACK, CRYPTO, HANDSHAKE_DONE, NEW_TOKEN, PATH_RESPONSE
    // or RETIRE_CONNECTION_ID. DATAGRAM needs 0-RTT or 1-RTT keys (RFC 9221 §5).
    private const ulong ZeroRttMask = KnownMask &
        ~(1UL << 0x02 | 1UL << 0x03 | 1UL << 0x06 | 1UL << 0x07 | 1UL << 0x19 | 1UL << 0x1b | 1UL << 0x1e);

    // RFC 9000 §12.4: "all frames can appear in 1-RTT packets".
    private const ulong OneRttMask = KnownMask;

    /// <summary>Whether <paramref name="frameType"/> is a frame type this stack can parse.</summary>
    public static bool IsKnown(ulong frameType) => frameType < 64 && (KnownMask >> (int)frameType & 1) != 0;

    /// <summary>
    /// Whether a frame of <paramref name="frameType"/> may appear in a packet of
    /// <paramref name="packetType"/>. Retry and Version Negotiation packets carry no frames
    /// (RFC 9000 §12.4), so nothing is allowed in them.
    /// </summary>
    public static bool IsAllowed(FrameType frameType, PacketType packetType) =>
        (ulong)frameType < 64 && (GetAllowedMask(packetType) >> (int)frameType & 1) != 0;

    /// <summary>Bit n set when frame type n may appear in <paramref name="packetType"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong GetAllowedMask(PacketType packetType) => packetType switch
    {
        PacketType.Initial or PacketType.Handshake => InitialHandshakeMask,
        PacketType.ZeroRtt => ZeroRttMask,
        PacketType.OneRtt => OneRttMask,
        _ => 0,
    };
}
