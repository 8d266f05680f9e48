using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Packets;

/// <summary>Writes the unprotected 1-RTT short header (RFC 9000 §17.3.1) into a caller's buffer.</summary>
public static class ShortHeaderWriter
{
    /// <summary>Header bytes up to and including the packet number.</summary>
    public static int GetHeaderLength(int dcidLength, int packetNumberLength) => 1 + dcidLength + packetNumberLength;

    /// <summary>
    /// Writes first byte, Destination Connection ID and truncated packet number, with the
    /// reserved bits 0. Header protection (which also hides the key phase) is applied later.
    /// </summary>
    /// <returns>The offset of the Packet Number field (1 + DCID length).</returns>
    public static int Write(
        Span<byte> destination, ReadOnlySpan<byte> destinationConnectionId,
        ulong packetNumber, int packetNumberLength, bool spinBit, bool keyPhase)
    {
        if (packetNumberLength is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(packetNumberLength), packetNumberLength, "1-4 bytes");
        if (destinationConnectionId.Length > ConnectionId.MaxLength)
            throw new ArgumentException("v1 and v2 connection IDs are at most 20 bytes", nameof(destinationConnectionId));

        int packetNumberOffset = 1 + destinationConnectionId.Length;
        // Bounds-check once up front so a short buffer fails before anything is written.
        Span<byte> header = destination[..(packetNumberOffset + packetNumberLength)];
        header[0] = (byte)(HeaderBits.FixedBit
            | (spinBit ? HeaderBits.SpinBit : 0)
            | (keyPhase ? HeaderBits.KeyPhase : 0)
            | (packetNumberLength - 1));
        destinationConnectionId.CopyTo(header[1..]);
        PacketNumberEncoding.WriteTruncated(header[packetNumberOffset..], packetNumber, packetNumberLength);
        return packetNumberOffset;
    }
}
