using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// Maps the two Long Packet Type bits (mask 0x30 of byte 0) to <see cref="PacketType"/> per version.
/// QUIC v2 deliberately shuffled the values so middleboxes cannot ossify on v1's (RFC 9369 §3.2).
/// </summary>
public static class LongPacketTypes
{
    /// <summary>
    /// The packet type that <paramref name="typeBits"/> (0-3, already shifted down) denotes in
    /// <paramref name="version"/>; false for versions other than v1 and v2.
    /// </summary>
    public static bool TryGetPacketType(uint version, int typeBits, out PacketType type)
    {
        switch (version)
        {
            // RFC 9000 §17.2, table "Long Header Packet Types".
            case QuicVersion.V1:
                type = (typeBits & 0b11) switch
                {
                    0b00 => PacketType.Initial,
                    0b01 => PacketType.ZeroRtt,
                    0b10 => PacketType.Handshake,
                    _ => PacketType.Retry,
                };
                return true;
            // RFC 9369 §3.2.
            case QuicVersion.V2:
                type = (typeBits & 0b11) switch
                {
                    0b01 => PacketType.Initial,
                    0b10 => PacketType.ZeroRtt,
                    0b11 => PacketType.Handshake,
                    _ => PacketType.Retry,
                };
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>
    /// The two type bits (0-3, not shifted into place) for a long-header <paramref name="type"/>
    /// in <paramref name="version"/>; false for other versions or for VN and 1-RTT, which have none.
    /// </summary>
    public static bool TryGetTypeBits(uint version, PacketType type, out int typeBits)
    {
        int v1Bits = type switch
        {
            PacketType.Initial => 0b00,
            PacketType.ZeroRtt => 0b01,
            PacketType.Handshake => 0b10,
            PacketType.Retry => 0b11,
            _ => -1,
        };
        typeBits = version switch
        {
            QuicVersion.V1 => v1Bits,
            // RFC 9369 §3.2: every v2 value is the v1 value plus one, modulo 4.
            QuicVersion.V2 when v1Bits >= 0 => (v1Bits + 1) & 0b11,
            _ => -1,
        };
        return typeBits >= 0;
    }

    /// <summary>As <see cref="TryGetTypeBits"/>, for the sending side where a miss is a bug.</summary>
    public static int GetTypeBits(uint version, PacketType type) =>
        TryGetTypeBits(version, type, out int bits)
            ? bits
            : throw new ArgumentException($"{type} has no long-header type bits in version 0x{version:x8}");
}
