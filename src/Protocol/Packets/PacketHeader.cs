using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// What pass 1 (no keys) learns about one packet of a datagram: header form, version, type,
/// connection IDs, token and where the protected part starts and the packet ends. Byte fields
/// are slices of the received datagram (no copies); the struct stores offsets, not slices, so
/// it stays small enough to pass around by value between actors.
/// </summary>
/// <remarks>
/// The first byte and the packet number are still under header protection here (RFC 9001
/// §5.4), so the packet number length, reserved bits and key phase are not exposed; read them
/// with <see cref="HeaderBits"/> once protection is removed.
/// </remarks>
public readonly struct PacketHeader
{
    private readonly ReadOnlyMemory<byte> _packet;
    private readonly uint _version;
    private readonly int _tokenOffset;
    private readonly int _tokenLength;
    private readonly int _packetNumberOffset;
    private readonly byte _dcidOffset;
    private readonly byte _dcidLength;
    private readonly byte _scidLength;
    private readonly byte _firstByte;
    private readonly PacketType _type;

    internal PacketHeader(
        ReadOnlyMemory<byte> packet, byte firstByte, PacketType type, uint version,
        int dcidOffset, int dcidLength, int scidLength, int tokenOffset, int tokenLength, int packetNumberOffset)
    {
        _packet = packet;
        _firstByte = firstByte;
        _type = type;
        _version = version;
        _dcidOffset = (byte)dcidOffset;
        _dcidLength = (byte)dcidLength;
        _scidLength = (byte)scidLength;
        _tokenOffset = tokenOffset;
        _tokenLength = tokenLength;
        _packetNumberOffset = packetNumberOffset;
    }

    /// <summary>The whole packet, first byte to last, as a slice of the datagram.</summary>
    public ReadOnlyMemory<byte> Packet => _packet;

    /// <summary>Bytes this packet occupies in the datagram (RFC 9000 §12.2).</summary>
    public int PacketLength => _packet.Length;

    /// <summary>The first byte as received, i.e. with its low bits still header-protected.</summary>
    public byte FirstByte => _firstByte;

    public bool IsLongHeader => HeaderBits.IsLongHeader(_firstByte);

    /// <summary>The Version field of a long header; 0 for short headers, which carry none.</summary>
    public uint Version => _version;

    /// <summary>
    /// The packet type. When <see cref="IsUnsupportedVersion"/> it is an undefined value (only the
    /// RFC 8999 invariants were parsed), so a switch over it cannot mistake the packet for an Initial.
    /// </summary>
    public PacketType Type => _type;

    /// <summary>A long header with version 0 (RFC 9000 §17.2.1).</summary>
    public bool IsVersionNegotiation => _type == PacketType.VersionNegotiation;

    /// <summary>
    /// A long header of a version this stack does not speak. Only the version-independent fields
    /// (RFC 8999 §5.1) are set, so a server can answer with Version Negotiation (RFC 9000 §6.1).
    /// </summary>
    public bool IsUnsupportedVersion => _type == PacketType.Unknown;

    /// <summary>Destination Connection ID: up to 20 bytes for v1/v2, up to 255 for other versions (RFC 8999 §5.1).</summary>
    public ReadOnlyMemory<byte> DestinationConnectionId => _packet.Slice(_dcidOffset, _dcidLength);

    /// <summary>Source Connection ID of a long header; empty for short headers.</summary>
    public ReadOnlyMemory<byte> SourceConnectionId =>
        IsLongHeader ? _packet.Slice(_dcidOffset + _dcidLength + 1, _scidLength) : default;

    /// <summary>The Initial packet's Token (RFC 9000 §17.2.2) or the Retry Token (§17.2.5); otherwise empty.</summary>
    public ReadOnlyMemory<byte> Token => _packet.Slice(_tokenOffset, _tokenLength);

    /// <summary>Initial, 0-RTT, Handshake and 1-RTT packets carry a packet number; VN and Retry do not.</summary>
    public bool HasPacketNumber => _packetNumberOffset > 0;

    /// <summary>
    /// Offset of the (protected) Packet Number field within <see cref="Packet"/>, which is also
    /// the length of the header that goes into the AEAD associated data once unprotected
    /// (RFC 9001 §5.3) minus the packet number itself. 0 when there is no packet number.
    /// </summary>
    public int PacketNumberOffset => _packetNumberOffset;

    /// <summary>
    /// Packet number plus protected payload, in bytes: the Length field of a long header
    /// (RFC 9000 §17.2), the rest of the datagram for a short one. 0 without a packet number.
    /// </summary>
    public int ProtectedLength => HasPacketNumber ? _packet.Length - _packetNumberOffset : 0;

    /// <summary>
    /// Where the header protection sample starts: 4 bytes past the start of the packet number,
    /// whatever its real length (RFC 9001 §5.4.2). The parser has checked the 16-byte sample fits.
    /// </summary>
    public int SampleOffset => _packetNumberOffset + PacketHeaderParser.SampleOffsetFromPacketNumber;

    /// <summary>The encryption level whose keys protect this packet (RFC 9001 §4, §5); false for VN and Retry.</summary>
    public bool TryGetEncryptionLevel(out EncryptionLevel level)
    {
        level = _type switch
        {
            PacketType.Initial => EncryptionLevel.Initial,
            PacketType.ZeroRtt => EncryptionLevel.ZeroRtt,
            PacketType.Handshake => EncryptionLevel.Handshake,
            _ => EncryptionLevel.OneRtt,
        };
        return _type is PacketType.Initial or PacketType.ZeroRtt or PacketType.Handshake or PacketType.OneRtt;
    }

    public override string ToString() =>
        IsUnsupportedVersion
            ? $"long header, unsupported version 0x{_version:x8}, {PacketLength} bytes"
            : $"{_type} 0x{_version:x8}, dcid {Convert.ToHexStringLower(DestinationConnectionId.Span)}, {PacketLength} bytes";
}
