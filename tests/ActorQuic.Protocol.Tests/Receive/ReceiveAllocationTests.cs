using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Receive.ReceiverTestKit;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>The receive path allocates nothing per datagram once warm (stashing aside).</summary>
public class ReceiveAllocationTests
{
    [Fact]
    public void Receiving_coalesced_packets_does_not_allocate()
    {
        const int warmup = 100, measured = 1000;
        var receiver = new PacketReceiver(ServerOptions());
        var (initSend, initRecv) = InitialPair(fromClient: true);
        var (hsSend, hsRecv) = KeyPair(41);
        var (appSend, appRecv) = KeyPair(42);
        receiver.InstallKeys(EncryptionLevel.Initial, initRecv);
        receiver.InstallKeys(EncryptionLevel.Handshake, hsRecv);
        receiver.InstallKeys(EncryptionLevel.OneRtt, appRecv);
        receiver.OnHandshakeCompleted();
        var data = new byte[400];
        var datagrams = new byte[warmup + measured][];
        for (int i = 0; i < datagrams.Length; i++)
        {
            ulong pn = (ulong)i;
            datagrams[i] = Concat(
                Long(initSend, PacketType.Initial, pn, Encode(CryptoData(pn * 10, data[..10]), Ack(pn, 0)), dcid: ServerCid, scid: ClientCid),
                Long(hsSend, PacketType.Handshake, pn, Encode(CryptoData(pn * 10, data[..10])), dcid: ServerCid, scid: ClientCid),
                Short(appSend, pn, Encode(Stream(0, pn * 400, data), Ping()), dcid: ServerCid));
        }
        var buffer = new byte[2048];
        var handler = new CountingPacketHandler();
        var ranges = new AckRange[8];

        int Run(int index)
        {
            var datagram = datagrams[index];
            datagram.CopyTo(buffer, 0);
            var result = receiver.Receive(buffer.AsMemory(0, datagram.Length), Ms(index), ref handler);
            receiver.TryBuildAck(ActorQuic.Protocol.Recovery.PacketNumberSpace.ApplicationData, Ms(index), ranges, out _, out _);
            receiver.OnAckSent(ActorQuic.Protocol.Recovery.PacketNumberSpace.ApplicationData);
            return result.PacketsProcessed;
        }

        for (int i = 0; i < warmup; i++) Assert.Equal(3, Run(i));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int processed = 0;
        for (int i = warmup; i < datagrams.Length; i++) processed += Run(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(3 * measured, processed);
        Assert.Equal(0, allocated);
        Assert.Equal(3 * (warmup + measured), handler.Packets);
    }
}
