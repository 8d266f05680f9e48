using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Packets;

/// <summary>Specific bad inputs each pass 1 rule must refuse (return false, never throw).</summary>
public class MalformedInputTests
{
    private static readonly byte[] Dcid = Convert.FromHexString("0102030405060708");
    private static byte[] ValidInitial(uint version = QuicVersion.V1) =>
        new LongSpec(version, PacketType.Initial, Dcid, [5, 6], [0xaa, 0xbb, 0xcc], 1, 2, new byte[30]).Build();

    [Fact]
    public void Empty_datagram_is_refused() => Assert.False(PacketHeaderParser.TryParse(ReadOnlyMemory<byte>.Empty, 8, out _));

    [Fact]
    public void Every_truncation_of_an_initial_is_refused()
    {
        byte[] packet = ValidInitial();
        for (int n = 0; n < packet.Length; n++)
            Assert.False(PacketHeaderParser.TryParse(packet.AsMemory(0, n), 8, out _), $"prefix of {n} bytes");
        Assert.True(PacketHeaderParser.TryParse(packet, 8, out _));
    }

    [Fact]
    public void Length_larger_than_the_datagram_is_refused()
    {
        byte[] packet = ValidInitial();
        Assert.True(PacketHeaderParser.TryParse(packet, 8, out var h));
        // Length is the 2-byte varint just before the packet number.
        packet[h.PacketNumberOffset - 1]++;
        Assert.False(PacketHeaderParser.TryParse(packet, 8, out _));
    }

    [Theory]
    [InlineData("3f")]                   // 63 bytes claimed, 3 present
    [InlineData("7fff")]                 // 16383
    [InlineData("bfffffff")]             // 2^30 - 1
    [InlineData("ffffffffffffffff")]     // 2^62 - 1: must not overflow an int
    [InlineData("c0")]                   // varint cut short by the datagram end
    public void Initial_token_length_overflow_is_refused(string tokenLengthHex)
    {
        byte[] header = Convert.FromHexString("c300000001" + "08" + "0102030405060708" + "00");
        byte[] packet = [.. header, .. Convert.FromHexString(tokenLengthHex), 0xaa, 0xbb, 0xcc];
        Assert.False(PacketHeaderParser.TryParse(packet, 8, out _));
    }

    [Fact]
    public void Huge_length_field_is_refused()
    {
        byte[] packet = Convert.FromHexString("e300000001" + "00" + "00" + "ffffffffffffffff" + "00000000");
        Assert.False(PacketHeaderParser.TryParse(packet, 8, out _));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Connection_ids_over_20_bytes_are_refused_for_known_versions(uint version)
    {
        // RFC 9000 §17.2: v1 endpoints MUST drop long headers with a CID length above 20.
        byte[] longDcid = Convert.FromHexString("e3" + version.ToString("x8") + "15" + new string('1', 42) + "00" + "20" + new string('0', 64));
        byte[] longScid = Convert.FromHexString("e3" + version.ToString("x8") + "00" + "15" + new string('1', 42) + "20" + new string('0', 64));
        Assert.False(PacketHeaderParser.TryParse(longDcid, 8, out _));
        Assert.False(PacketHeaderParser.TryParse(longScid, 8, out _));
    }

    [Fact]
    public void Unknown_versions_parse_only_the_invariants_with_255_byte_ids()
    {
        // RFC 8999 §5.1: CIDs up to 255 bytes; nothing after the SCID is interpreted, not even the fixed bit.
        const uint grease = 0x1a2a3a4a;
        byte[] dcid = Enumerable.Repeat((byte)0xd1, 255).ToArray();
        byte[] scid = Enumerable.Repeat((byte)0x5c, 255).ToArray();
        byte[] packet = [0x80, 0x1a, 0x2a, 0x3a, 0x4a, 255, .. dcid, 255, .. scid, 1, 2, 3];

        Assert.True(PacketHeaderParser.TryParse(packet, 8, out var h));
        Assert.True(h.IsUnsupportedVersion);
        Assert.False(h.IsVersionNegotiation);
        Assert.Equal(grease, h.Version);
        Assert.Equal(dcid, h.DestinationConnectionId.ToArray());
        Assert.Equal(scid, h.SourceConnectionId.ToArray());
        Assert.Equal(packet.Length, h.PacketLength);
        Assert.False(h.HasPacketNumber);
        Assert.False(h.TryGetEncryptionLevel(out _));
        Assert.Equal(PacketType.Unknown, h.Type);

        // A server answers it with VN echoing both IDs, swapped.
        var vn = new byte[VersionNegotiationPacket.GetLength(255, 255, 2)];
        VersionNegotiationPacket.Write(vn, 0x7f, h.DestinationConnectionId.Span, h.SourceConnectionId.Span, [QuicVersion.V1, QuicVersion.V2]);
        Assert.True(VersionNegotiationPacket.TryParse(vn, out var parsed));
        Assert.Equal(scid, parsed.DestinationConnectionId.ToArray());
        Assert.Equal(dcid, parsed.SourceConnectionId.ToArray());
    }

    [Fact]
    public void Unknown_version_with_truncated_ids_is_refused()
    {
        byte[] packet = [0xc0, 0x1a, 0x2a, 0x3a, 0x4a, 10, 1, 2, 3];
        Assert.False(PacketHeaderParser.TryParse(packet, 8, out _));
    }

    [Fact]
    public void Zero_fixed_bit_is_refused_for_long_and_short_headers()
    {
        // RFC 9000 §17.2, §17.3.1: MUST be discarded.
        byte[] initial = ValidInitial();
        initial[0] &= unchecked((byte)~HeaderBits.FixedBit);
        Assert.False(PacketHeaderParser.TryParse(initial, 8, out _));

        byte[] oneRtt = new ShortSpec(Dcid, 1, 1, false, false, new byte[30]).Build();
        Assert.True(PacketHeaderParser.TryParse(oneRtt, 8, out _));
        oneRtt[0] &= unchecked((byte)~HeaderBits.FixedBit);
        Assert.False(PacketHeaderParser.TryParse(oneRtt, 8, out _));
    }

    [Fact]
    public void Short_header_shorter_than_the_local_cid_is_refused()
    {
        Assert.False(PacketHeaderParser.TryParse(new byte[] { 0x40, 1, 2, 3 }, 8, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Packets_too_short_for_a_sample_are_refused(int pnLength)
    {
        // RFC 9001 §5.4.2: 4 + 16 bytes must follow the start of the packet number, whatever its length.
        int justEnough = PacketHeaderParser.MinProtectedLength - pnLength;
        Assert.True(PacketHeaderParser.TryParse(new ShortSpec(Dcid, 1, pnLength, false, false, new byte[justEnough]).Build(), 8, out _));
        Assert.False(PacketHeaderParser.TryParse(new ShortSpec(Dcid, 1, pnLength, false, false, new byte[justEnough - 1]).Build(), 8, out _));
        Assert.True(PacketHeaderParser.TryParse(new LongSpec(QuicVersion.V1, PacketType.Handshake, Dcid, [], [], 1, pnLength, new byte[justEnough]).Build(), 8, out _));
        Assert.False(PacketHeaderParser.TryParse(new LongSpec(QuicVersion.V1, PacketType.Handshake, Dcid, [], [], 1, pnLength, new byte[justEnough - 1]).Build(), 8, out _));
    }

    [Fact]
    public void Retry_without_room_for_the_tag_is_refused()
    {
        byte[] retry = Convert.FromHexString(RfcVectors.V1Retry);
        // Token "token" + 16-byte tag: cutting 6 bytes leaves fewer than 16 after the SCID.
        Assert.False(PacketHeaderParser.TryParse(retry.AsMemory(0, retry.Length - 6), 8, out _));
        Assert.False(RetryPacket.TryParse(retry.AsMemory(0, retry.Length - 6), out _));
        // Exactly the tag and no token: a structure the header parser accepts, but a client MUST discard it.
        Assert.True(PacketHeaderParser.TryParse(retry.AsMemory(0, retry.Length - 5), 8, out var h));
        Assert.True(h.Token.IsEmpty);
        Assert.False(RetryPacket.TryParse(retry.AsMemory(0, retry.Length - 5), out _));
    }

    [Fact]
    public void Retry_parse_refuses_other_packets()
    {
        Assert.False(RetryPacket.TryParse(ValidInitial(), out _));
        Assert.False(RetryPacket.TryParse(Convert.FromHexString(RfcVectors.V1ShortProtected), out _));
        byte[] wrongVersion = Convert.FromHexString(RfcVectors.V1Retry);
        wrongVersion[4] = 2; // version 0x00000002: unknown
        Assert.False(RetryPacket.TryParse(wrongVersion, out _));
        // A v2 Retry's type bits (0b00) mean Initial in v1 and vice versa.
        byte[] swapped = Convert.FromHexString(RfcVectors.V2Retry);
        swapped.AsSpan(1, 4).Fill(0);
        swapped[4] = 1;
        Assert.False(RetryPacket.TryParse(swapped, out _));
    }

    [Theory]
    [InlineData("")]                   // no versions
    [InlineData("00000001ff")]         // a truncated version
    [InlineData("0000000100")]
    [InlineData("000000")]
    public void Version_negotiation_with_a_bad_version_list_is_refused(string versionsHex)
    {
        // RFC 8999 §6: ignore a VN with no Supported Version or a truncated one.
        byte[] packet = Convert.FromHexString("c0" + "00000000" + "04" + "01020304" + "02" + "0506" + versionsHex);
        Assert.True(PacketHeaderParser.TryParse(packet, 8, out var h));
        Assert.True(h.IsVersionNegotiation);
        Assert.False(VersionNegotiationPacket.TryParse(packet, out _));
    }

    [Fact]
    public void Version_negotiation_ignores_its_unused_bits()
    {
        // RFC 9000 §17.2.1: clients MUST ignore the Unused field, fixed bit included.
        byte[] packet = Convert.FromHexString("80" + "00000000" + "00" + "00" + "00000001");
        Assert.True(PacketHeaderParser.TryParse(packet, 8, out var h));
        Assert.True(h.IsVersionNegotiation);
        Assert.True(VersionNegotiationPacket.TryParse(packet, out var vn));
        Assert.Equal(1, vn.SupportedVersions.Count);
        Assert.Equal(QuicVersion.V1, vn.SupportedVersions[0]);
    }

    [Fact]
    public void Version_negotiation_parse_refuses_other_packets()
    {
        Assert.False(VersionNegotiationPacket.TryParse(ValidInitial(), out _));
        Assert.False(VersionNegotiationPacket.TryParse(new byte[] { 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, out _));
        Assert.False(VersionNegotiationPacket.TryParse(new byte[] { 0x80, 0, 0, 0, 0, 9 }, out _));
    }
}
