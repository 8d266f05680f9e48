using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Packets;

public class LongPacketTypesTests
{
    [Theory]
    // RFC 9000 §17.2, table "Long Header Packet Types".
    [InlineData(QuicVersion.V1, 0b00, PacketType.Initial)]
    [InlineData(QuicVersion.V1, 0b01, PacketType.ZeroRtt)]
    [InlineData(QuicVersion.V1, 0b10, PacketType.Handshake)]
    [InlineData(QuicVersion.V1, 0b11, PacketType.Retry)]
    // RFC 9369 §3.2.
    [InlineData(QuicVersion.V2, 0b01, PacketType.Initial)]
    [InlineData(QuicVersion.V2, 0b10, PacketType.ZeroRtt)]
    [InlineData(QuicVersion.V2, 0b11, PacketType.Handshake)]
    [InlineData(QuicVersion.V2, 0b00, PacketType.Retry)]
    public void Maps_both_ways(uint version, int bits, PacketType type)
    {
        Assert.True(LongPacketTypes.TryGetPacketType(version, bits, out var decoded));
        Assert.Equal(type, decoded);
        Assert.True(LongPacketTypes.TryGetTypeBits(version, type, out int encoded));
        Assert.Equal(bits, encoded);
        Assert.Equal(bits, LongPacketTypes.GetTypeBits(version, type));
    }

    [Fact]
    public void Unknown_versions_and_headerless_types_have_no_bits()
    {
        Assert.False(LongPacketTypes.TryGetPacketType(0x1a2a3a4a, 0, out _));
        Assert.False(LongPacketTypes.TryGetPacketType(QuicVersion.Negotiation, 0, out _));
        Assert.False(LongPacketTypes.TryGetTypeBits(0xff00001d, PacketType.Initial, out _));
        Assert.False(LongPacketTypes.TryGetTypeBits(QuicVersion.V1, PacketType.OneRtt, out _));
        Assert.False(LongPacketTypes.TryGetTypeBits(QuicVersion.V2, PacketType.VersionNegotiation, out _));
        Assert.Throws<ArgumentException>(() => LongPacketTypes.GetTypeBits(QuicVersion.V2, PacketType.OneRtt));
    }
}
