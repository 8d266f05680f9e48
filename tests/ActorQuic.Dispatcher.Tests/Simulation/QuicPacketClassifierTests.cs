using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Dispatcher.Tests.Simulation.SimulationFixtures;

namespace ActorQuic.Dispatcher.Tests.Simulation;

public sealed class QuicPacketClassifierTests
{
    [Theory]
    [InlineData(PacketType.Initial, QuicVersion.V1)]
    [InlineData(PacketType.ZeroRtt, QuicVersion.V1)]
    [InlineData(PacketType.Handshake, QuicVersion.V1)]
    [InlineData(PacketType.Initial, QuicVersion.V2)]
    [InlineData(PacketType.Handshake, QuicVersion.V2)]
    public void The_first_long_header_packet_is_classified_by_type_and_version(PacketType type, uint version)
    {
        Assert.Equal(type, QuicPacketClassifier.GetFirstPacketType(LongPacket(type, version: version)));
    }

    [Fact]
    public void A_short_header_is_one_rtt()
    {
        Assert.Equal(PacketType.OneRtt, QuicPacketClassifier.GetFirstPacketType(ShortPacket()));
    }

    [Fact]
    public void Garbage_and_empty_datagrams_have_no_type()
    {
        Assert.Null(QuicPacketClassifier.GetFirstPacketType(ReadOnlyMemory<byte>.Empty));
        Assert.Null(QuicPacketClassifier.GetFirstPacketType(new byte[] { 0xC0, 0, 0 }));
        Assert.Null(QuicPacketClassifier.GetFirstPacketType(new byte[] { 0x00, 1, 2, 3 })); // fixed bit clear
    }

    [Fact]
    public void Contains_walks_coalesced_packets_up_to_a_trailing_short_header()
    {
        byte[] datagram = Coalesce(LongPacket(PacketType.Initial), LongPacket(PacketType.Handshake), ShortPacket());
        Assert.Equal(PacketType.Initial, QuicPacketClassifier.GetFirstPacketType(datagram));
        Assert.True(QuicPacketClassifier.Contains(datagram, PacketType.Initial));
        Assert.True(QuicPacketClassifier.Contains(datagram, PacketType.Handshake));
        Assert.True(QuicPacketClassifier.Contains(datagram, PacketType.OneRtt));
        Assert.False(QuicPacketClassifier.Contains(datagram, PacketType.ZeroRtt));
    }
}
