using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;

namespace ActorQuic.Protocol.Tests.Send;

/// <summary>Steady-state sending reuses pooled per-packet records and buffers: nothing is allocated per datagram.</summary>
public class SenderAllocationTests
{
    [Fact]
    public void Building_and_acknowledging_stream_datagrams_allocates_nothing_in_steady_state()
    {
        using var f = new SenderFixture(isServer: true, peerMaxData: ulong.MaxValue >> 2, levels: EncryptionLevel.OneRtt);
        f.Frames.OpenStream(1, ulong.MaxValue >> 2);
        f.Frames.OpenStream(5, ulong.MaxValue >> 2);
        var chunk = new byte[3000];
        var buffer = new byte[1500];
        var sent = new List<SentPacket<SentFrames>>(64);
        var events = new List<SenderEvent>(64);
        var ranges = new ActorQuic.Protocol.Wire.AckRange[] { new(0, 10) };
        var budget = SendBudget.Unlimited();

        void Round(int i)
        {
            f.Frames.WriteStream(1, chunk);
            f.Frames.WriteStream(5, chunk);
            f.Frames.SetAck(PacketNumberSpace.ApplicationData, ranges, 3, sendNow: false);
            while (f.Assembler.BuildDatagram(buffer, TimeSpan.FromMilliseconds(i), budget, sent) > 0) { }
            foreach (var p in sent) f.Assembler.OnPacketAcked(p);
            sent.Clear();
            f.Frames.DrainEvents(events);
            events.Clear();
        }

        for (int i = 0; i < 50; i++) Round(i); // warm up pools, buffers and lists
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 50; i < 250; i++) Round(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(f.Frames.GetStreamStatus(1)!.Value.AckedOffset >= 250 * 3000UL);
        Assert.Equal(0, allocated);
    }
}
