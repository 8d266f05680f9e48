using System.Buffers.Binary;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// A Version Negotiation packet (RFC 9000 §17.2.1, RFC 8999 §6). Being version-independent, it
/// allows connection IDs of up to 255 bytes. Decoding only checks the structure; whether to
/// act on it (CIDs echo ours, our version not listed, §6.2) is the connection's decision.
/// </summary>
public readonly struct VersionNegotiationPacket
{
    private const int HeaderFixedLength = 1 + 4 + 1 + 1;

    private readonly ReadOnlyMemory<byte> _packet;
    private readonly int _dcidLength;
    private readonly int _scidLength;

    private VersionNegotiationPacket(ReadOnlyMemory<byte> packet, int dcidLength, int scidLength)
    {
        _packet = packet;
        _dcidLength = dcidLength;
        _scidLength = scidLength;
    }

    /// <summary>The packet as received.</summary>
    public ReadOnlyMemory<byte> Packet => _packet;

    public ReadOnlyMemory<byte> DestinationConnectionId => _packet.Slice(6, _dcidLength);

    public ReadOnlyMemory<byte> SourceConnectionId => _packet.Slice(7 + _dcidLength, _scidLength);

    public VersionList SupportedVersions => new(_packet[(HeaderFixedLength + _dcidLength + _scidLength)..]);

    /// <summary>
    /// Decodes a whole VN packet (a VN always fills its datagram). False unless it is a long
    /// header with version 0 and a non-empty list of whole 4-byte versions: endpoints MUST ignore
    /// a VN with no Supported Version or a truncated one (RFC 8999 §6).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> packet, out VersionNegotiationPacket result)
    {
        result = default;
        ReadOnlySpan<byte> span = packet.Span;
        if (span.Length < HeaderFixedLength || !HeaderBits.IsLongHeader(span[0])
            || BinaryPrimitives.ReadUInt32BigEndian(span[1..]) != QuicVersion.Negotiation)
            return false;
        int dcidLength = span[5];
        if (span.Length < HeaderFixedLength + dcidLength)
            return false;
        int scidLength = span[6 + dcidLength];
        int versionBytes = span.Length - HeaderFixedLength - dcidLength - scidLength;
        if (versionBytes <= 0 || versionBytes % 4 != 0)
            return false;
        result = new VersionNegotiationPacket(packet, dcidLength, scidLength);
        return true;
    }

    public static int GetLength(int dcidLength, int scidLength, int versionCount) =>
        HeaderFixedLength + dcidLength + scidLength + 4 * versionCount;

    /// <summary>
    /// Writes a VN answering a packet that carried <paramref name="receivedDestinationConnectionId"/>
    /// and <paramref name="receivedSourceConnectionId"/>. The IDs are echoed swapped: our DCID is
    /// the SCID we received and vice versa (RFC 9000 §17.2.1, RFC 8999 §6).
    /// </summary>
    /// <param name="unusedBits">Random bits for the 7 Unused bits. 0x40 is forced on so the packet
    /// looks like it has a fixed bit to demultiplexers (RFC 9000 §17.2.1 SHOULD, RFC 7983).</param>
    /// <returns>Bytes written.</returns>
    public static int Write(
        Span<byte> destination, byte unusedBits,
        ReadOnlySpan<byte> receivedDestinationConnectionId, ReadOnlySpan<byte> receivedSourceConnectionId,
        ReadOnlySpan<uint> supportedVersions)
    {
        if (supportedVersions.IsEmpty)
            throw new ArgumentException("a Version Negotiation packet lists at least one version", nameof(supportedVersions));
        if (receivedDestinationConnectionId.Length > byte.MaxValue || receivedSourceConnectionId.Length > byte.MaxValue)
            throw new ArgumentException("connection IDs are at most 255 bytes (RFC 8999 §5.1)");
        int length = GetLength(receivedSourceConnectionId.Length, receivedDestinationConnectionId.Length, supportedVersions.Length);
        var writer = new QuicWriter(destination[..length]);
        writer.WriteByte((byte)(HeaderBits.HeaderForm | HeaderBits.FixedBit | unusedBits));
        writer.WriteUInt32(QuicVersion.Negotiation);
        writer.WriteByte((byte)receivedSourceConnectionId.Length);
        writer.WriteBytes(receivedSourceConnectionId);
        writer.WriteByte((byte)receivedDestinationConnectionId.Length);
        writer.WriteBytes(receivedDestinationConnectionId);
        foreach (uint version in supportedVersions)
            writer.WriteUInt32(version);
        return length;
    }
}
