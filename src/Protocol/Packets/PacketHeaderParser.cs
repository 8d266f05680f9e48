using System.Buffers.Binary;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// Pass 1 of receiving: delimits the first packet of a datagram and reads its unprotected
/// header fields, without keys. Hostile input never throws; anything that cannot be
/// delimited yields false and the caller drops the rest of the datagram.
/// </summary>
public static class PacketHeaderParser
{
    /// <summary>The header protection sample starts 4 bytes into the packet number field (RFC 9001 §5.4.2).</summary>
    public const int SampleOffsetFromPacketNumber = 4;

    /// <summary>Every header protection scheme QUIC defines samples 16 bytes (RFC 9001 §5.4.3, §5.4.4).</summary>
    public const int SampleLength = 16;

    /// <summary>
    /// Smallest packet number + payload that contains a complete sample; shorter packets MUST be
    /// discarded (RFC 9001 §5.4.2). Knowing it needs no keys, so pass 1 enforces it.
    /// </summary>
    public const int MinProtectedLength = SampleOffsetFromPacketNumber + SampleLength;

    /// <summary>Length of the Retry Integrity Tag that ends every Retry packet (RFC 9001 §5.8).</summary>
    public const int RetryIntegrityTagLength = 16;

    /// <summary>
    /// Parses the first packet in <paramref name="datagram"/>. <paramref name="localConnectionIdLength"/>
    /// is the length of the connection IDs this endpoint issues: short headers do not encode it
    /// (RFC 9000 §17.3.1). To walk all coalesced packets use <see cref="DatagramSplitter"/>.
    /// </summary>
    /// <returns>false when the packet must be dropped; the rest of the datagram then cannot be delimited.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localConnectionIdLength"/> is not 0-20: a local configuration bug, never input.</exception>
    public static bool TryParse(ReadOnlyMemory<byte> datagram, int localConnectionIdLength, out PacketHeader header) =>
        Parse(datagram, localConnectionIdLength, out header) == PacketParseStatus.Valid;

    internal static PacketParseStatus Parse(ReadOnlyMemory<byte> datagram, int localConnectionIdLength, out PacketHeader header)
    {
        if ((uint)localConnectionIdLength > ConnectionId.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(localConnectionIdLength), localConnectionIdLength, "local connection IDs are 0-20 bytes");
        header = default;
        ReadOnlySpan<byte> span = datagram.Span;
        if (span.IsEmpty)
            return PacketParseStatus.Malformed;
        return HeaderBits.IsLongHeader(span[0])
            ? ParseLong(datagram, span, out header)
            : ParseShort(datagram, span, localConnectionIdLength, out header);
    }

    private static PacketParseStatus ParseLong(ReadOnlyMemory<byte> datagram, ReadOnlySpan<byte> span, out PacketHeader header)
    {
        header = default;
        byte first = span[0];

        // RFC 8999 §5.1: the version-independent part. CIDs may be up to 255 bytes here.
        const int dcidOffset = 6;
        if (span.Length < dcidOffset + 1)
            return PacketParseStatus.Malformed;
        uint version = BinaryPrimitives.ReadUInt32BigEndian(span[1..]);
        int dcidLength = span[5];
        int pos = dcidOffset + dcidLength;
        if (span.Length < pos + 1)
            return PacketParseStatus.Malformed;
        int scidLength = span[pos++];
        if (span.Length - pos < scidLength)
            return PacketParseStatus.Malformed;
        pos += scidLength;

        if (version == QuicVersion.Negotiation)
        {
            // RFC 9000 §17.2.1: VN has no Length field and fills the datagram. Its unused bits,
            // fixed bit included, carry nothing, so they are not checked.
            header = new PacketHeader(datagram, first, PacketType.VersionNegotiation, version,
                dcidOffset, dcidLength, scidLength, tokenOffset: pos, tokenLength: 0, packetNumberOffset: 0);
            return PacketParseStatus.Valid;
        }

        if (!LongPacketTypes.TryGetPacketType(version, (first & HeaderBits.LongPacketType) >> 4, out PacketType type))
        {
            // Unknown version: nothing past the invariants can be interpreted, not even the
            // fixed bit, and the packet runs to the end of the datagram as far as we can tell.
            header = new PacketHeader(datagram, first, PacketType.Unknown, version,
                dcidOffset, dcidLength, scidLength, tokenOffset: pos, tokenLength: 0, packetNumberOffset: 0);
            return PacketParseStatus.Valid;
        }

        // RFC 9000 §17.2: v1 (and v2, RFC 9369 §3) packets with a zero fixed bit or a connection
        // ID longer than 20 bytes MUST be discarded.
        if ((first & HeaderBits.FixedBit) == 0 || dcidLength > ConnectionId.MaxLength || scidLength > ConnectionId.MaxLength)
            return PacketParseStatus.Malformed;

        if (type == PacketType.Retry)
        {
            // RFC 9000 §17.2.5: Retry Token runs up to the 16-byte integrity tag at the very end;
            // Retry has no Length field, so it fills the datagram.
            int tokenLength = span.Length - pos - RetryIntegrityTagLength;
            if (tokenLength < 0)
                return PacketParseStatus.Malformed;
            header = new PacketHeader(datagram, first, type, version,
                dcidOffset, dcidLength, scidLength, tokenOffset: pos, tokenLength, packetNumberOffset: 0);
            return PacketParseStatus.Valid;
        }

        int tokenOffset = pos, tokenLen = 0;
        if (type == PacketType.Initial)
        {
            // RFC 9000 §17.2.2: Token Length (i), Token (..). The varint may claim up to 2^62-1.
            if (!QuicVarint.TryRead(span[pos..], out ulong claimed, out int n) || claimed > (ulong)(span.Length - pos - n))
                return PacketParseStatus.Malformed;
            pos += n;
            tokenOffset = pos;
            tokenLen = (int)claimed;
            pos += tokenLen;
        }

        // RFC 9000 §17.2: Length (i) covers packet number and payload; it delimits coalesced
        // packets (§12.2), so one that overruns the datagram leaves nothing we can trust.
        if (!QuicVarint.TryRead(span[pos..], out ulong length, out int lengthBytes) || length > (ulong)(span.Length - pos - lengthBytes))
            return PacketParseStatus.Malformed;
        pos += lengthBytes;
        header = new PacketHeader(datagram[..(pos + (int)length)], first, type, version,
            dcidOffset, dcidLength, scidLength, tokenOffset, tokenLen, packetNumberOffset: pos);
        return length < MinProtectedLength ? PacketParseStatus.Discard : PacketParseStatus.Valid;
    }

    private static PacketParseStatus ParseShort(ReadOnlyMemory<byte> datagram, ReadOnlySpan<byte> span, int cidLength, out PacketHeader header)
    {
        header = default;
        // RFC 9000 §17.3.1: a zero fixed bit MUST be discarded. (RFC 9287 greasing is not negotiated by this stack.)
        if ((span[0] & HeaderBits.FixedBit) == 0 || span.Length < 1 + cidLength)
            return PacketParseStatus.Malformed;
        // The short header has no length: the packet runs to the end of the datagram (RFC 9000 §12.2).
        header = new PacketHeader(datagram, span[0], PacketType.OneRtt, version: 0,
            dcidOffset: 1, cidLength, scidLength: 0, tokenOffset: 0, tokenLength: 0, packetNumberOffset: 1 + cidLength);
        return span.Length - (1 + cidLength) < MinProtectedLength ? PacketParseStatus.Discard : PacketParseStatus.Valid;
    }
}
