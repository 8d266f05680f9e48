using ActorQuic.Protocol.Packets;

namespace ActorQuic.Protocol.Tests.Packets;

public class HeaderBitsTests
{
    [Theory]
    [InlineData(0xc4)] // long, reserved bit 0x04
    [InlineData(0xc8)] // long, reserved bit 0x08
    [InlineData(0xcf)]
    [InlineData(0x48)] // short, reserved bit 0x08
    [InlineData(0x50)] // short, reserved bit 0x10
    [InlineData(0x5f)]
    public void Set_reserved_bits_are_a_protocol_violation(byte firstByte)
    {
        // RFC 9000 §17.2 (long, 0x0c) and §17.3.1 (short, 0x18).
        Assert.False(HeaderBits.AreReservedBitsZero(firstByte));
        var ex = Assert.Throws<QuicProtocolException>(() => HeaderBits.EnsureReservedBitsZero(firstByte));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
    }

    [Theory]
    [InlineData(0xc3)] // long: pn length bits only
    [InlineData(0xf0)] // long: type bits are not reserved
    [InlineData(0x67)] // short: spin, key phase, pn length
    [InlineData(0x40)]
    public void Other_bits_are_not_reserved(byte firstByte)
    {
        Assert.True(HeaderBits.AreReservedBitsZero(firstByte));
        HeaderBits.EnsureReservedBitsZero(firstByte);
    }

    [Fact]
    public void Reads_the_post_protection_fields()
    {
        Assert.Equal(1, HeaderBits.GetPacketNumberLength(0x40));
        Assert.Equal(4, HeaderBits.GetPacketNumberLength(0xc3));
        Assert.True(HeaderBits.GetKeyPhase(0x44));
        Assert.False(HeaderBits.GetKeyPhase(0x40));
        Assert.True(HeaderBits.GetSpinBit(0x60));
        Assert.Equal(0x0f, HeaderBits.GetProtectedBits(0xc0)); // RFC 9001 §5.4.1
        Assert.Equal(0x1f, HeaderBits.GetProtectedBits(0x40));
    }
}
