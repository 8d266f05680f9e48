using System.Runtime.CompilerServices;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// The bits of a packet's first byte, and helpers for the ones that are only readable once
/// header protection has been removed (RFC 9001 §5.4): reserved bits, key phase and packet
/// number length. Everything here takes the first byte, so it works on whatever buffer the
/// header-protection component unmasked.
/// </summary>
public static class HeaderBits
{
    /// <summary>1 for long headers, 0 for short (RFC 8999 §5.1, §5.2).</summary>
    public const byte HeaderForm = 0x80;

    /// <summary>Must be 1 in v1 and v2 packets other than Version Negotiation (RFC 9000 §17.2, §17.3.1).</summary>
    public const byte FixedBit = 0x40;

    /// <summary>Long Packet Type bits (RFC 9000 §17.2); their meaning depends on the version (RFC 9369 §3.2).</summary>
    public const byte LongPacketType = 0x30;

    /// <summary>Latency spin bit of the short header (RFC 9000 §17.3.1, §17.4). Not protected.</summary>
    public const byte SpinBit = 0x20;

    /// <summary>Reserved bits of long headers carrying a packet number (RFC 9000 §17.2).</summary>
    public const byte LongReserved = 0x0c;

    /// <summary>Reserved bits of the short header (RFC 9000 §17.3.1).</summary>
    public const byte ShortReserved = 0x18;

    /// <summary>Key phase bit of the short header (RFC 9000 §17.3.1).</summary>
    public const byte KeyPhase = 0x04;

    /// <summary>Packet Number Length minus one (RFC 9000 §17.2, §17.3.1).</summary>
    public const byte PacketNumberLength = 0x03;

    /// <summary>First-byte bits covered by header protection in long headers (RFC 9001 §5.4.1).</summary>
    public const byte LongProtected = 0x0f;

    /// <summary>First-byte bits covered by header protection in short headers (RFC 9001 §5.4.1).</summary>
    public const byte ShortProtected = 0x1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLongHeader(byte firstByte) => (firstByte & HeaderForm) != 0;

    /// <summary>The first-byte bits header protection masks for this header form (RFC 9001 §5.4.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte GetProtectedBits(byte firstByte) => IsLongHeader(firstByte) ? LongProtected : ShortProtected;

    /// <summary>Packet number length in bytes, 1-4. Only meaningful after header protection removal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetPacketNumberLength(byte firstByte) => (firstByte & PacketNumberLength) + 1;

    /// <summary>Key phase of a short header. Only meaningful after header protection removal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool GetKeyPhase(byte firstByte) => (firstByte & KeyPhase) != 0;

    /// <summary>Spin bit of a short header; readable without keys (RFC 9000 §17.4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool GetSpinBit(byte firstByte) => (firstByte & SpinBit) != 0;

    /// <summary>Whether the reserved bits (long 0x0c, short 0x18) are zero, as they must be once unprotected.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AreReservedBitsZero(byte firstByte) =>
        (firstByte & (IsLongHeader(firstByte) ? LongReserved : ShortReserved)) == 0;

    /// <summary>
    /// Throws PROTOCOL_VIOLATION when the reserved bits are set (RFC 9000 §17.2, §17.3.1). Call it
    /// only after the packet has also been decrypted successfully: rejecting on the reserved bits
    /// alone, before AEAD verification, gives an attacker a header-protection oracle (RFC 9001 §9.5).
    /// </summary>
    public static void EnsureReservedBitsZero(byte firstByte)
    {
        if (!AreReservedBitsZero(firstByte))
            ThrowReservedBitsSet(firstByte);
    }

    // Kept out of line so the check above stays small enough to inline.
    private static void ThrowReservedBitsSet(byte firstByte) =>
        throw new QuicProtocolException(TransportErrorCode.ProtocolViolation,
            $"reserved header bits set (first byte 0x{firstByte:x2})");
}
