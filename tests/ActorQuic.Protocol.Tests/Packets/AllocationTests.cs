using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Packets;

/// <summary>Parsing, splitting and writing allocate nothing per packet.</summary>
public class AllocationTests
{
    private static readonly uint[] Versions = [QuicVersion.V1, QuicVersion.V2];
    private static readonly byte[] Dcid = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly byte[] Scid = [9, 9, 9, 9];

    private static readonly byte[] Datagram =
    [
        .. new LongSpec(QuicVersion.V2, PacketType.Initial, Dcid, Scid, [1, 2, 3], 5, 2, new byte[1000]).Build(),
        .. new LongSpec(QuicVersion.V2, PacketType.Handshake, Dcid, Scid, [], 6, 2, new byte[50]).Build(),
        .. new ShortSpec(Dcid, 7, 2, true, false, new byte[50]).Build(),
    ];

    private static int RunOnce(byte[] buffer)
    {
        int sum = 0;
        foreach (var h in new DatagramSplitter(Datagram, Dcid.Length))
            sum += h.PacketLength + h.DestinationConnectionId.Length + h.Token.Length + h.PacketNumberOffset;

        int pnOffset = LongHeaderWriter.Write(buffer, QuicVersion.V1, PacketType.Initial, Dcid, Scid, [7, 7], 1, 4);
        LongHeaderWriter.PatchLength(buffer, pnOffset, 1200);
        sum += ShortHeaderWriter.Write(buffer, Dcid, 42, 2, false, true);

        int n = VersionNegotiationPacket.Write(buffer, 0x2a, Dcid, Scid, Versions);
        if (VersionNegotiationPacket.TryParse(buffer.AsMemory(0, n), out var vn))
            foreach (uint v in vn.SupportedVersions) sum += (int)(v & 1);

        n = RetryPacket.Write(buffer, QuicVersion.V2, 0, Dcid, Scid, Scid, default);
        if (RetryPacket.TryParse(buffer.AsMemory(0, n), out var retry))
            sum += RetryPacket.WritePseudoPacket(buffer.AsSpan(200), Dcid, retry.TaggedContent.Span);
        return sum;
    }

    [Fact]
    public void Hot_paths_do_not_allocate()
    {
        var buffer = new byte[1500];
        for (int i = 0; i < 100; i++) RunOnce(buffer); // JIT and static initialisation first

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++) sum += RunOnce(buffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }
}
