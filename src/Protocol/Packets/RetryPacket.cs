using System.Buffers.Binary;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// A Retry packet (RFC 9000 §17.2.5) for v1 or v2. This type only handles the layout: the
/// Retry Integrity Tag (RFC 9001 §5.8) is computed and verified by the crypto layer over the
/// pseudo-packet that <see cref="WritePseudoPacket"/> builds.
/// </summary>
public readonly struct RetryPacket
{
    /// <summary>AEAD_AES_128_GCM tag length (RFC 9001 §5.8).</summary>
    public const int IntegrityTagLength = PacketHeaderParser.RetryIntegrityTagLength;

    private readonly ReadOnlyMemory<byte> _packet;
    private readonly uint _version;
    private readonly byte _dcidLength;
    private readonly byte _scidLength;

    private RetryPacket(ReadOnlyMemory<byte> packet, uint version, int dcidLength, int scidLength)
    {
        _packet = packet;
        _version = version;
        _dcidLength = (byte)dcidLength;
        _scidLength = (byte)scidLength;
    }

    public ReadOnlyMemory<byte> Packet => _packet;

    public uint Version => _version;

    public ReadOnlyMemory<byte> DestinationConnectionId => _packet.Slice(6, _dcidLength);

    /// <summary>The server's chosen CID; the client's next Initials go to it (RFC 9000 §17.2.5.2).</summary>
    public ReadOnlyMemory<byte> SourceConnectionId => _packet.Slice(7 + _dcidLength, _scidLength);

    /// <summary>The Retry Token to echo in the next Initials.</summary>
    public ReadOnlyMemory<byte> Token => _packet[(7 + _dcidLength + _scidLength)..^IntegrityTagLength];

    public ReadOnlyMemory<byte> IntegrityTag => _packet[^IntegrityTagLength..];

    /// <summary>The packet minus its tag: the part of the pseudo-packet after the ODCID (RFC 9001 §5.8).</summary>
    public ReadOnlyMemory<byte> TaggedContent => _packet[..^IntegrityTagLength];

    /// <summary>
    /// Decodes a whole Retry packet (Retry has no Length field and fills its datagram). False
    /// unless it is a v1/v2 Retry with the fixed bit, CIDs of at most 20 bytes and room for the
    /// tag, and a non-empty token, since a client MUST discard a Retry with an empty one
    /// (RFC 9000 §17.2.5.2). The tag is not checked here.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> packet, out RetryPacket result)
    {
        result = default;
        ReadOnlySpan<byte> span = packet.Span;
        if (span.Length < 7)
            return false;
        byte first = span[0];
        uint version = BinaryPrimitives.ReadUInt32BigEndian(span[1..]);
        if ((first & (HeaderBits.HeaderForm | HeaderBits.FixedBit)) != (HeaderBits.HeaderForm | HeaderBits.FixedBit)
            || !LongPacketTypes.TryGetPacketType(version, (first & HeaderBits.LongPacketType) >> 4, out PacketType type)
            || type != PacketType.Retry)
            return false;
        int dcidLength = span[5];
        if (dcidLength > ConnectionId.MaxLength || span.Length < 7 + dcidLength)
            return false;
        int scidLength = span[6 + dcidLength];
        int tokenLength = span.Length - (7 + dcidLength + scidLength) - IntegrityTagLength;
        if (scidLength > ConnectionId.MaxLength || tokenLength < 1)
            return false;
        result = new RetryPacket(packet, version, dcidLength, scidLength);
        return true;
    }

    public static int GetLength(int dcidLength, int scidLength, int tokenLength) =>
        7 + dcidLength + scidLength + tokenLength + IntegrityTagLength;

    /// <summary>
    /// Writes a Retry packet. Pass the tag if already known, or an empty span to leave a
    /// zeroed 16-byte slot at the end: build the pseudo-packet from the first
    /// <c>length - 16</c> bytes, compute the tag and copy it into the last 16.
    /// </summary>
    /// <param name="unusedBits">Low 4 bits go into the Unused field, which the client ignores (RFC 9000 §17.2.5).</param>
    /// <returns>Bytes written, tag included.</returns>
    public static int Write(
        Span<byte> destination, uint version, byte unusedBits,
        ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId,
        ReadOnlySpan<byte> token, ReadOnlySpan<byte> integrityTag)
    {
        if (destinationConnectionId.Length > ConnectionId.MaxLength || sourceConnectionId.Length > ConnectionId.MaxLength)
            throw new ArgumentException("v1 and v2 connection IDs are at most 20 bytes (RFC 9000 §17.2)");
        if (token.IsEmpty)
            throw new ArgumentException("a Retry token cannot be empty (RFC 9000 §17.2.5.2)", nameof(token));
        if (!integrityTag.IsEmpty && integrityTag.Length != IntegrityTagLength)
            throw new ArgumentException("the integrity tag is 16 bytes, or empty to leave a slot", nameof(integrityTag));
        int typeBits = LongPacketTypes.GetTypeBits(version, PacketType.Retry);
        int length = GetLength(destinationConnectionId.Length, sourceConnectionId.Length, token.Length);

        var writer = new QuicWriter(destination[..length]);
        writer.WriteByte((byte)(HeaderBits.HeaderForm | HeaderBits.FixedBit | typeBits << 4 | (unusedBits & 0x0f)));
        writer.WriteUInt32(version);
        writer.WriteByte((byte)destinationConnectionId.Length);
        writer.WriteBytes(destinationConnectionId);
        writer.WriteByte((byte)sourceConnectionId.Length);
        writer.WriteBytes(sourceConnectionId);
        writer.WriteBytes(token);
        if (integrityTag.IsEmpty)
            writer.WriteZeros(IntegrityTagLength);
        else
            writer.WriteBytes(integrityTag);
        return length;
    }

    public static int GetPseudoPacketLength(int originalDestinationConnectionIdLength, int taggedContentLength) =>
        1 + originalDestinationConnectionIdLength + taggedContentLength;

    /// <summary>
    /// Builds the Retry Pseudo-Packet the tag is computed over (RFC 9001 §5.8): ODCID Length,
    /// the client's original DCID, then the Retry packet without its tag.
    /// </summary>
    /// <param name="taggedContent">The Retry packet minus its last 16 bytes (<see cref="TaggedContent"/>).</param>
    /// <returns>Bytes written.</returns>
    public static int WritePseudoPacket(Span<byte> destination, ReadOnlySpan<byte> originalDestinationConnectionId, ReadOnlySpan<byte> taggedContent)
    {
        if (originalDestinationConnectionId.Length > ConnectionId.MaxLength)
            throw new ArgumentException("v1 and v2 connection IDs are at most 20 bytes", nameof(originalDestinationConnectionId));
        int length = GetPseudoPacketLength(originalDestinationConnectionId.Length, taggedContent.Length);
        var writer = new QuicWriter(destination[..length]);
        writer.WriteByte((byte)originalDestinationConnectionId.Length);
        writer.WriteBytes(originalDestinationConnectionId);
        writer.WriteBytes(taggedContent);
        return length;
    }
}
