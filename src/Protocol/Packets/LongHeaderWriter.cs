using System.Buffers.Binary;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// Writes the unprotected long header of Initial, 0-RTT and Handshake packets for v1 and v2
/// (RFC 9000 §17.2, §17.2.2-§17.2.4; RFC 9369 §3.2) into a caller's buffer, allocation-free.
/// </summary>
/// <remarks>
/// The Length field covers the packet number, the payload and the AEAD tag, which are unknown
/// while the header is written. It is therefore always written as a 2-byte varint holding 0
/// (RFC 9000 §16 allows non-minimal encodings) and fixed up with <see cref="PatchLength"/> once
/// the payload is in place: write header, write frames after it, then call PatchLength with
/// the final packet length including the tag, then encrypt (the Length is part of the AEAD
/// associated data, RFC 9001 §5.3, so patch before sealing). The reserved bits are written as
/// 0 (RFC 9000 §17.2); header protection is applied afterwards by the protection component.
/// </remarks>
public static class LongHeaderWriter
{
    /// <summary>Bytes reserved for the Length field.</summary>
    public const int LengthFieldSize = 2;

    /// <summary>Largest Length a 2-byte varint holds; far above any path MTU QUIC will use.</summary>
    public const int MaxLengthFieldValue = 16383;

    /// <summary>Header bytes up to and including the packet number.</summary>
    public static int GetHeaderLength(PacketType type, int dcidLength, int scidLength, int tokenLength, int packetNumberLength)
    {
        int length = 1 + 4 + 1 + dcidLength + 1 + scidLength + LengthFieldSize + packetNumberLength;
        if (type == PacketType.Initial)
            length += QuicVarint.GetLength((ulong)tokenLength) + tokenLength;
        return length;
    }

    /// <summary>
    /// Writes the header up to and including the truncated packet number; the payload goes
    /// right after it, at the returned offset plus <paramref name="packetNumberLength"/>.
    /// </summary>
    /// <param name="token">Initial only (RFC 9000 §17.2.2); must be empty for 0-RTT and Handshake.</param>
    /// <param name="packetNumber">The full packet number; its low <paramref name="packetNumberLength"/> bytes are sent (RFC 9000 §17.1).</param>
    /// <returns>The offset of the Packet Number field, needed for header protection and for <see cref="PatchLength"/>.</returns>
    public static int Write(
        Span<byte> destination, uint version, PacketType type,
        ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> token,
        ulong packetNumber, int packetNumberLength)
    {
        if (type is not (PacketType.Initial or PacketType.ZeroRtt or PacketType.Handshake))
            throw new ArgumentException($"{type} packets are not written with a Length field", nameof(type));
        if (!token.IsEmpty && type != PacketType.Initial)
            throw new ArgumentException("only Initial packets carry a token", nameof(token));
        if (packetNumberLength is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(packetNumberLength), packetNumberLength, "1-4 bytes");
        if (destinationConnectionId.Length > ConnectionId.MaxLength || sourceConnectionId.Length > ConnectionId.MaxLength)
            throw new ArgumentException("v1 and v2 connection IDs are at most 20 bytes (RFC 9000 §17.2)");
        int typeBits = LongPacketTypes.GetTypeBits(version, type);

        var writer = new QuicWriter(destination);
        // Header Form, Fixed Bit, Long Packet Type, Reserved Bits = 0, Packet Number Length - 1 (RFC 9000 §17.2).
        writer.WriteByte((byte)(HeaderBits.HeaderForm | HeaderBits.FixedBit | typeBits << 4 | (packetNumberLength - 1)));
        writer.WriteUInt32(version);
        writer.WriteByte((byte)destinationConnectionId.Length);
        writer.WriteBytes(destinationConnectionId);
        writer.WriteByte((byte)sourceConnectionId.Length);
        writer.WriteBytes(sourceConnectionId);
        if (type == PacketType.Initial)
        {
            writer.WriteVarint((ulong)token.Length);
            writer.WriteBytes(token);
        }
        writer.WriteVarint(0, LengthFieldSize);
        int packetNumberOffset = writer.Position;
        PacketNumberEncoding.WriteTruncated(writer.Reserve(packetNumberLength), packetNumber, packetNumberLength);
        return packetNumberOffset;
    }

    /// <summary>
    /// Fills the Length field reserved by <see cref="Write"/>: everything from the packet number
    /// to <paramref name="packetLength"/>, the packet's final size including the AEAD tag.
    /// </summary>
    /// <param name="packet">The packet, starting at its first byte.</param>
    public static void PatchLength(Span<byte> packet, int packetNumberOffset, int packetLength)
    {
        int length = packetLength - packetNumberOffset;
        if (length is < 1 or > MaxLengthFieldValue || packetNumberOffset < 1 + LengthFieldSize)
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, $"Length {length} does not fit the reserved 2-byte field");
        BinaryPrimitives.WriteUInt16BigEndian(packet[(packetNumberOffset - LengthFieldSize)..], (ushort)(0x4000 | length));
    }
}
