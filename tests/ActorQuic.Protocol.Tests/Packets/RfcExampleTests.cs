using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Packets;

/// <summary>
/// The sample packets of RFC 9001 appendix A (v1) and RFC 9369 appendix A (v2): pass 1 parses
/// the protected packets, the published header protection masks stand in for the HP cipher,
/// and the writers reproduce the unprotected headers byte for byte.
/// </summary>
public class RfcExampleTests
{
    private static readonly byte[] ClientDcid = Convert.FromHexString("8394c8f03e515708");
    private static readonly byte[] ServerScid = Convert.FromHexString("f067a5502a4262b5");

    public static TheoryData<uint> Versions => new() { QuicVersion.V1, QuicVersion.V2 };

    private static (string clientHeader, string clientPacket, string clientMask,
        string serverHeader, string serverPacket, string serverMask,
        string retry, string shortHeader, string shortPacket, string shortMask) Vectors(uint version) =>
        version == QuicVersion.V1
            ? (RfcVectors.V1ClientInitialHeader, RfcVectors.V1ClientInitialProtected, RfcVectors.V1ClientInitialMask,
               RfcVectors.V1ServerInitialHeader, RfcVectors.V1ServerInitialProtected, RfcVectors.V1ServerInitialMask,
               RfcVectors.V1Retry, RfcVectors.V1ShortHeader, RfcVectors.V1ShortProtected, RfcVectors.V1ShortMask)
            : (RfcVectors.V2ClientInitialHeader, RfcVectors.V2ClientInitialProtected, RfcVectors.V2ClientInitialMask,
               RfcVectors.V2ServerInitialHeader, RfcVectors.V2ServerInitialProtected, RfcVectors.V2ServerInitialMask,
               RfcVectors.V2Retry, RfcVectors.V2ShortHeader, RfcVectors.V2ShortProtected, RfcVectors.V2ShortMask);

    /// <summary>XORs the published mask in, as RFC 9001 §5.4.1 describes; returns the packet number length.</summary>
    private static int RemoveHeaderProtection(byte[] packet, int pnOffset, byte[] mask)
    {
        packet[0] ^= (byte)(mask[0] & HeaderBits.GetProtectedBits(packet[0]));
        int pnLength = HeaderBits.GetPacketNumberLength(packet[0]);
        for (int i = 0; i < pnLength; i++)
            packet[pnOffset + i] ^= mask[1 + i];
        return pnLength;
    }

    [Theory, MemberData(nameof(Versions))]
    public void Client_initial_parses_and_unprotects(uint version)
    {
        var v = Vectors(version);
        byte[] packet = RfcVectors.Bytes(v.clientPacket);

        Assert.True(PacketHeaderParser.TryParse(packet, 8, out var h));
        Assert.True(h.IsLongHeader);
        Assert.Equal(version, h.Version);
        Assert.Equal(PacketType.Initial, h.Type);
        Assert.False(h.IsUnsupportedVersion);
        Assert.Equal(ClientDcid, h.DestinationConnectionId.ToArray());
        Assert.True(h.SourceConnectionId.IsEmpty);
        Assert.True(h.Token.IsEmpty);
        Assert.Equal(18, h.PacketNumberOffset); // RFC 9001 A.2: "header[18..21] ^= mask[1..4]"
        Assert.Equal(1182, h.ProtectedLength);  // "a length of 1182 bytes"
        Assert.Equal(1200, h.PacketLength);
        Assert.Equal(22, h.SampleOffset);
        Assert.True(h.TryGetEncryptionLevel(out var level));
        Assert.Equal(EncryptionLevel.Initial, level);

        int pnLength = RemoveHeaderProtection(packet, h.PacketNumberOffset, RfcVectors.Bytes(v.clientMask));
        Assert.Equal(4, pnLength);
        Assert.True(HeaderBits.AreReservedBitsZero(packet[0]));
        HeaderBits.EnsureReservedBitsZero(packet[0]);
        Assert.Equal(2UL, PacketNumberEncoding.ReadTruncated(packet.AsSpan(h.PacketNumberOffset), pnLength));
        Assert.Equal(v.clientHeader, Convert.ToHexStringLower(packet.AsSpan(0, h.PacketNumberOffset + pnLength)));
    }

    [Theory, MemberData(nameof(Versions))]
    public void Server_initial_parses_and_unprotects(uint version)
    {
        var v = Vectors(version);
        byte[] packet = RfcVectors.Bytes(v.serverPacket);

        Assert.True(PacketHeaderParser.TryParse(packet, 8, out var h));
        Assert.Equal(PacketType.Initial, h.Type);
        Assert.True(h.DestinationConnectionId.IsEmpty);
        Assert.Equal(ServerScid, h.SourceConnectionId.ToArray());
        Assert.Equal(18, h.PacketNumberOffset);
        Assert.Equal(0x75, h.ProtectedLength);
        Assert.Equal(packet.Length, h.PacketLength);

        int pnLength = RemoveHeaderProtection(packet, h.PacketNumberOffset, RfcVectors.Bytes(v.serverMask));
        Assert.Equal(2, pnLength);
        Assert.Equal(1UL, PacketNumberEncoding.ReadTruncated(packet.AsSpan(h.PacketNumberOffset), pnLength));
        Assert.Equal(v.serverHeader, Convert.ToHexStringLower(packet.AsSpan(0, h.PacketNumberOffset + pnLength)));
    }

    [Theory, MemberData(nameof(Versions))]
    public void Short_header_packet_parses_and_unprotects(uint version)
    {
        var v = Vectors(version);
        byte[] packet = RfcVectors.Bytes(v.shortPacket);

        // The example uses an empty connection ID and the smallest packet that can be sampled.
        Assert.True(PacketHeaderParser.TryParse(packet, 0, out var h));
        Assert.False(h.IsLongHeader);
        Assert.Equal(PacketType.OneRtt, h.Type);
        Assert.Equal(1, h.PacketNumberOffset);
        Assert.Equal(21, h.PacketLength);
        Assert.Equal(PacketHeaderParser.MinProtectedLength, h.ProtectedLength);

        int pnLength = RemoveHeaderProtection(packet, h.PacketNumberOffset, RfcVectors.Bytes(v.shortMask));
        Assert.Equal(3, pnLength);
        Assert.False(HeaderBits.GetKeyPhase(packet[0]));
        Assert.False(HeaderBits.GetSpinBit(packet[0]));
        Assert.True(HeaderBits.AreReservedBitsZero(packet[0]));
        Assert.Equal(654360564UL, PacketNumberEncoding.Decode(654360563, PacketNumberEncoding.ReadTruncated(packet.AsSpan(1), 3), 3));
        Assert.Equal(v.shortHeader, Convert.ToHexStringLower(packet.AsSpan(0, 4)));
    }

    [Theory, MemberData(nameof(Versions))]
    public void Retry_parses(uint version)
    {
        var v = Vectors(version);
        byte[] packet = RfcVectors.Bytes(v.retry);

        Assert.True(PacketHeaderParser.TryParse(packet, 8, out var h));
        Assert.Equal(PacketType.Retry, h.Type);
        Assert.False(h.HasPacketNumber);
        Assert.Equal("token"u8.ToArray(), h.Token.ToArray());
        Assert.Equal(packet.Length, h.PacketLength);

        Assert.True(RetryPacket.TryParse(packet, out var retry));
        Assert.Equal(version, retry.Version);
        Assert.True(retry.DestinationConnectionId.IsEmpty);
        Assert.Equal(ServerScid, retry.SourceConnectionId.ToArray());
        Assert.Equal("token"u8.ToArray(), retry.Token.ToArray());
        Assert.Equal(v.retry[^32..], Convert.ToHexStringLower(retry.IntegrityTag.Span));
        Assert.Equal(packet.Length - 16, retry.TaggedContent.Length);
    }

    [Theory, MemberData(nameof(Versions))]
    public void Writers_reproduce_the_unprotected_headers(uint version)
    {
        var v = Vectors(version);
        Span<byte> buffer = stackalloc byte[64];

        int pnOffset = LongHeaderWriter.Write(buffer, version, PacketType.Initial, ClientDcid, default, default, 2, 4);
        LongHeaderWriter.PatchLength(buffer, pnOffset, 1200);
        Assert.Equal(v.clientHeader, Convert.ToHexStringLower(buffer[..(pnOffset + 4)]));

        pnOffset = LongHeaderWriter.Write(buffer, version, PacketType.Initial, default, ServerScid, default, 1, 2);
        LongHeaderWriter.PatchLength(buffer, pnOffset, pnOffset + 0x75);
        Assert.Equal(v.serverHeader, Convert.ToHexStringLower(buffer[..(pnOffset + 2)]));

        pnOffset = ShortHeaderWriter.Write(buffer, default, 654360564, 3, spinBit: false, keyPhase: false);
        Assert.Equal(v.shortHeader, Convert.ToHexStringLower(buffer[..(pnOffset + 3)]));
    }

    [Theory, MemberData(nameof(Versions))]
    public void Retry_writer_reproduces_the_sample(uint version)
    {
        var v = Vectors(version);
        byte[] expected = RfcVectors.Bytes(v.retry);
        Span<byte> buffer = stackalloc byte[64];

        int n = RetryPacket.Write(buffer, version, unusedBits: 0x0f, default, ServerScid, "token"u8, expected.AsSpan(^16));
        Assert.Equal(v.retry, Convert.ToHexStringLower(buffer[..n]));

        // Without the tag the slot is left zeroed, ready to be filled in place.
        n = RetryPacket.Write(buffer, version, 0x0f, default, ServerScid, "token"u8, default);
        Assert.Equal(expected.Length, n);
        Assert.Equal(v.retry[..^32], Convert.ToHexStringLower(buffer[..(n - 16)]));
        Assert.True(buffer[(n - 16)..n].IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory, MemberData(nameof(Versions))]
    public void Retry_pseudo_packet_prepends_the_original_dcid(uint version)
    {
        // RFC 9001 §5.8: ODCID Length, ODCID, then the Retry packet without its tag.
        Assert.True(RetryPacket.TryParse(RfcVectors.Bytes(Vectors(version).retry), out var retry));
        Span<byte> pseudo = stackalloc byte[RetryPacket.GetPseudoPacketLength(ClientDcid.Length, retry.TaggedContent.Length)];
        int n = RetryPacket.WritePseudoPacket(pseudo, ClientDcid, retry.TaggedContent.Span);
        Assert.Equal(pseudo.Length, n);
        Assert.Equal(8, pseudo[0]);
        Assert.True(pseudo[1..9].SequenceEqual(ClientDcid));
        Assert.True(pseudo[9..].SequenceEqual(retry.TaggedContent.Span));
    }
}
