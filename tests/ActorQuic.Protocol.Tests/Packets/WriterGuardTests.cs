using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Packets;

/// <summary>Misuse of the writers is a local bug, so it throws rather than emitting a bad packet.</summary>
public class WriterGuardTests
{
    private static readonly byte[] Cid21 = new byte[21];

    [Fact]
    public void Long_header_writer_refuses_bad_arguments()
    {
        var buffer = new byte[200];
        Assert.Throws<ArgumentException>(() => LongHeaderWriter.Write(buffer, QuicVersion.V1, PacketType.Handshake, [], [], [1], 0, 1));
        Assert.Throws<ArgumentException>(() => LongHeaderWriter.Write(buffer, QuicVersion.V1, PacketType.Retry, [], [], [], 0, 1));
        Assert.Throws<ArgumentException>(() => LongHeaderWriter.Write(buffer, QuicVersion.V1, PacketType.Initial, Cid21, [], [], 0, 1));
        Assert.Throws<ArgumentException>(() => LongHeaderWriter.Write(buffer, 0x1a2a3a4a, PacketType.Initial, [], [], [], 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LongHeaderWriter.Write(buffer, QuicVersion.V2, PacketType.Initial, [], [], [], 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LongHeaderWriter.Write(buffer.AsSpan(0, 10), QuicVersion.V2, PacketType.Initial, [], [], [], 0, 4));
    }

    [Fact]
    public void Length_patch_refuses_what_two_bytes_cannot_hold()
    {
        var buffer = new byte[20000];
        int pnOffset = LongHeaderWriter.Write(buffer, QuicVersion.V1, PacketType.Handshake, [], [], [], 0, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => LongHeaderWriter.PatchLength(buffer, pnOffset, pnOffset + LongHeaderWriter.MaxLengthFieldValue + 1));
        LongHeaderWriter.PatchLength(buffer, pnOffset, pnOffset + LongHeaderWriter.MaxLengthFieldValue);
        Assert.Equal(0x7f, buffer[pnOffset - 2]);
        Assert.Equal(0xff, buffer[pnOffset - 1]);
    }

    [Fact]
    public void Header_length_predictions_match_what_is_written()
    {
        var buffer = new byte[300];
        byte[] token = new byte[70]; // a 2-byte Token Length varint
        int pnOffset = LongHeaderWriter.Write(buffer, QuicVersion.V2, PacketType.Initial, new byte[5], new byte[3], token, 9, 3);
        Assert.Equal(LongHeaderWriter.GetHeaderLength(PacketType.Initial, 5, 3, token.Length, 3), pnOffset + 3);
        pnOffset = ShortHeaderWriter.Write(buffer, new byte[20], 9, 2, true, true);
        Assert.Equal(ShortHeaderWriter.GetHeaderLength(20, 2), pnOffset + 2);
    }

    [Fact]
    public void Short_header_writer_refuses_bad_arguments()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => ShortHeaderWriter.Write(buffer, Cid21, 0, 1, false, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortHeaderWriter.Write(buffer, [], 0, 0, false, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortHeaderWriter.Write(buffer.AsSpan(0, 3), new byte[4], 0, 1, false, false));
    }

    [Fact]
    public void Version_negotiation_and_retry_writers_refuse_bad_arguments()
    {
        var buffer = new byte[600];
        Assert.Throws<ArgumentException>(() => VersionNegotiationPacket.Write(buffer, 0, [], [], []));
        Assert.Throws<ArgumentException>(() => VersionNegotiationPacket.Write(buffer, 0, new byte[256], [], [1]));
        Assert.Throws<ArgumentException>(() => RetryPacket.Write(buffer, QuicVersion.V1, 0, [], [], [], []));
        Assert.Throws<ArgumentException>(() => RetryPacket.Write(buffer, QuicVersion.V1, 0, [], [], [1], new byte[15]));
        Assert.Throws<ArgumentException>(() => RetryPacket.Write(buffer, QuicVersion.V1, 0, Cid21, [], [1], []));
        Assert.Throws<ArgumentException>(() => RetryPacket.Write(buffer, 0x1a2a3a4a, 0, [], [], [1], []));
    }
}
