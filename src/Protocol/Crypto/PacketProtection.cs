using System.Buffers.Binary;
using System.Security.Cryptography;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// Packet protection for one direction at one encryption level (RFC 9001 §5): the AEAD that
/// protects the payload (§5.3) and the header protection that hides the packet number (§5.4),
/// both derived from a traffic secret (§5.1). Allocation-free per packet. Not thread-safe: one
/// connection owns it.
/// <para>
/// Packet layout, for both directions:
/// <c>header (pnOffset bytes) || packet number (1–4 bytes) || payload || 16-byte tag</c>.
/// The header runs from the first byte up to the packet number; for a long header it includes
/// the Length field, which the caller fills in (it covers packet number, payload and tag,
/// RFC 9000 §17.2). The span handed in ends where the packet ends: for a long header, the caller
/// slices the datagram at pnOffset + Length so coalesced packets stay separate (RFC 9000 §12.2).
/// </para>
/// </summary>
public sealed class PacketProtection : IDisposable
{
    /// <summary>The AEAD tag every QUIC cipher suite appends (RFC 9001 §5.3).</summary>
    public const int TagLength = CipherSuiteExtensions.TagLength;

    /// <summary>The sample starts 4 bytes after the packet number field starts, whatever its length (RFC 9001 §5.4.2).</summary>
    public const int SampleOffset = 4;

    /// <summary>
    /// Packet number plus payload must be at least 4 bytes so that a 16-byte sample exists
    /// (RFC 9001 §5.4.2): 1-byte packet numbers need 3 bytes of frames, 2-byte ones 2, and so on.
    /// </summary>
    public const int MinPacketNumberAndPayloadLength = SampleOffset;

    private readonly PacketAead _aead;
    private readonly HeaderProtection _headerProtection;
    private readonly byte[] _secret;
    private readonly byte[] _headerProtectionKey;

    /// <summary>Derives key, IV and header protection key from <paramref name="secret"/> (RFC 9001 §5.1).</summary>
    public PacketProtection(CipherSuite suite, ReadOnlySpan<byte> secret, uint version)
        : this(suite, secret, version, headerProtectionKey: null)
    {
    }

    private PacketProtection(CipherSuite suite, ReadOnlySpan<byte> secret, uint version, byte[]? headerProtectionKey)
    {
        if (secret.Length != suite.GetHashLength())
            throw new ArgumentException($"{suite} secrets are {suite.GetHashLength()} bytes", nameof(secret));
        CipherSuite = suite;
        Version = version;
        var keys = TrafficKeys.Derive(suite, secret, version);
        _secret = secret.ToArray();
        // A key update keeps the header protection key of the first generation (RFC 9001 §6.1).
        _headerProtectionKey = headerProtectionKey ?? keys.HeaderProtectionKey;
        _aead = new PacketAead(suite, keys.Key, keys.Iv);
        _headerProtection = HeaderProtection.Create(suite, _headerProtectionKey);
        CryptographicOperations.ZeroMemory(keys.Key);
        CryptographicOperations.ZeroMemory(keys.Iv);
        if (headerProtectionKey is not null) CryptographicOperations.ZeroMemory(keys.HeaderProtectionKey);
    }

    public CipherSuite CipherSuite { get; }

    public uint Version { get; }

    /// <summary>Packets one key may encrypt before a key update is due (RFC 9001 §6.6).</summary>
    public ulong ConfidentialityLimit => AeadLimits.GetConfidentialityLimit(CipherSuite);

    /// <summary>Failed decryptions a connection tolerates across all keys (RFC 9001 §6.6).</summary>
    public ulong IntegrityLimit => AeadLimits.GetIntegrityLimit(CipherSuite);

    /// <summary>
    /// Keys for the next key phase (RFC 9001 §6.1): AEAD key and IV from
    /// HKDF-Expand-Label(secret, "quic ku" / "quicv2 ku", "", Hash.length), header protection unchanged.
    /// </summary>
    public PacketProtection NextGeneration()
    {
        Span<byte> next = stackalloc byte[CipherSuite.GetHashLength()];
        KeyUpdate.NextSecret(CipherSuite, _secret, Version, next);
        var result = new PacketProtection(CipherSuite, next, Version, (byte[])_headerProtectionKey.Clone());
        CryptographicOperations.ZeroMemory(next);
        return result;
    }

    /// <summary>
    /// Protects a packet in place: writes the truncated packet number at
    /// <paramref name="pnOffset"/> and its length into the first byte's low two bits, seals the
    /// payload (the header up to and including the packet number is the associated data,
    /// RFC 9001 §5.3), appends the tag, then applies header protection (§5.4.1).
    /// </summary>
    /// <param name="packet">Header, then room for the packet number, the payload, and 16 bytes for the tag.</param>
    /// <param name="pnLength">1 to 4 (see <see cref="PacketNumberEncoding.GetEncodedLength"/>).</param>
    /// <param name="payloadLength">Plaintext bytes after the packet number; with pnLength at least 4.</param>
    /// <returns>The protected packet's length: pnOffset + pnLength + payloadLength + 16.</returns>
    public int Protect(Span<byte> packet, int pnOffset, int pnLength, ulong packetNumber, int payloadLength)
    {
        // Arguments come from our own packet builder, so a violation is a bug: throw.
        if (pnLength is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(pnLength), pnLength, "1 to 4 bytes");
        if (pnOffset < 1) throw new ArgumentOutOfRangeException(nameof(pnOffset), pnOffset, "the header has at least one byte");
        if (payloadLength < 0) throw new ArgumentOutOfRangeException(nameof(payloadLength));
        if (pnLength + payloadLength < MinPacketNumberAndPayloadLength)
            throw new ArgumentException($"packet number + payload must be at least {MinPacketNumberAndPayloadLength} bytes to leave a header protection sample (RFC 9001 §5.4.2); add PADDING");
        if (packetNumber > PacketNumberEncoding.MaxPacketNumber) throw new ArgumentOutOfRangeException(nameof(packetNumber));
        int payloadOffset = pnOffset + pnLength;
        int length = payloadOffset + payloadLength + TagLength;
        if (packet.Length < length)
            throw new ArgumentException($"the packet needs {length} bytes including the tag, the span has {packet.Length}", nameof(packet));

        packet[0] = (byte)((packet[0] & ~0x03) | (pnLength - 1));
        PacketNumberEncoding.WriteTruncated(packet[pnOffset..], packetNumber, pnLength);
        _aead.Seal(packetNumber, packet[..payloadOffset], packet.Slice(payloadOffset, payloadLength),
            packet.Slice(payloadOffset + payloadLength, TagLength));

        Span<byte> mask = stackalloc byte[HeaderProtection.MaskLength];
        _headerProtection.ComputeMask(packet.Slice(pnOffset + SampleOffset, HeaderProtection.SampleLength), mask);
        packet[0] ^= (byte)(mask[0] & FirstByteMask(packet[0]));
        XorPacketNumber(packet[pnOffset..], mask, pnLength);
        return length;
    }

    /// <summary>
    /// Removes header protection and AEAD protection in place (RFC 9001 §5.4.1, §5.3, §5.5).
    /// False, never an exception, for anything a peer can send: too short for the sample,
    /// failed authentication (count it toward <see cref="IntegrityLimit"/>). After a false the
    /// packet's bytes are garbage; after a true the header is in the clear (check the reserved
    /// bits, RFC 9000 §17.2) and the plaintext is at <paramref name="payload"/>.
    /// </summary>
    /// <param name="largestPnInSpace">Largest packet number processed in this space, -1 when none (RFC 9000 appendix A.3).</param>
    public bool TryUnprotect(Span<byte> packet, int pnOffset, long largestPnInSpace,
        out ulong packetNumber, out int pnLength, out Range payload)
    {
        if (!TryRemoveHeaderProtection(packet, pnOffset, largestPnInSpace, out packetNumber, out pnLength))
        {
            payload = default;
            return false;
        }
        return TryOpen(packet, pnOffset, pnLength, packetNumber, out payload);
    }

    /// <summary>
    /// First half of <see cref="TryUnprotect"/>: unmasks the first byte and the packet number
    /// and recovers the full packet number. Split out because the key phase bit, readable only
    /// now, picks the keys to open with (RFC 9001 §6.3); every generation shares this header
    /// protection key.
    /// </summary>
    public bool TryRemoveHeaderProtection(Span<byte> packet, int pnOffset, long largestPnInSpace,
        out ulong packetNumber, out int pnLength)
    {
        packetNumber = 0;
        pnLength = 0;
        // A packet too short for a sample is discarded (RFC 9001 §5.4.2). That also guarantees
        // 4 readable packet number bytes and room for a tag.
        if (pnOffset < 1 || pnOffset > packet.Length - SampleOffset - HeaderProtection.SampleLength)
            return false;

        Span<byte> mask = stackalloc byte[HeaderProtection.MaskLength];
        _headerProtection.ComputeMask(packet.Slice(pnOffset + SampleOffset, HeaderProtection.SampleLength), mask);
        packet[0] ^= (byte)(mask[0] & FirstByteMask(packet[0]));
        pnLength = (packet[0] & 0x03) + 1;
        uint truncated = XorPacketNumber(packet[pnOffset..], mask, pnLength);
        packetNumber = PacketNumberEncoding.Decode(largestPnInSpace, truncated, pnLength);
        return true;
    }

    /// <summary>
    /// Second half of <see cref="TryUnprotect"/>: opens the payload after header protection is
    /// off. False when the tag does not verify (the payload bytes are then zeroed).
    /// </summary>
    public bool TryOpen(Span<byte> packet, int pnOffset, int pnLength, ulong packetNumber, out Range payload)
    {
        payload = default;
        if (pnOffset < 1 || pnLength is < 1 or > 4) return false;
        int payloadOffset = pnOffset + pnLength;
        int tagOffset = packet.Length - TagLength;
        if (tagOffset < payloadOffset) return false;
        if (!_aead.TryOpen(packetNumber, packet[..payloadOffset], packet[payloadOffset..tagOffset], packet[tagOffset..]))
            return false;
        payload = payloadOffset..tagOffset;
        return true;
    }

    /// <summary>Long headers protect 4 bits of the first byte, short headers 5 (RFC 9001 §5.4.1).</summary>
    private static byte FirstByteMask(byte firstByte) => (firstByte & 0x80) != 0 ? (byte)0x0f : (byte)0x1f;

    /// <summary>
    /// XORs mask[1..1+pnLength] into the packet number and returns the result as the truncated
    /// number. It always touches four bytes (the sample rule guarantees they exist) with the
    /// unused mask bytes zeroed, so timing does not depend on the packet number length
    /// (RFC 9001 §9.5).
    /// </summary>
    private static uint XorPacketNumber(Span<byte> pnField, ReadOnlySpan<byte> mask, int pnLength)
    {
        int unusedBits = 8 * (4 - pnLength);
        uint pnMask = BinaryPrimitives.ReadUInt32BigEndian(mask[1..]) & (uint.MaxValue << unusedBits);
        uint field = BinaryPrimitives.ReadUInt32BigEndian(pnField) ^ pnMask;
        BinaryPrimitives.WriteUInt32BigEndian(pnField, field);
        return field >> unusedBits;
    }

    public void Dispose()
    {
        _aead.Dispose();
        _headerProtection.Dispose();
        CryptographicOperations.ZeroMemory(_secret);
        CryptographicOperations.ZeroMemory(_headerProtectionKey);
    }
}
