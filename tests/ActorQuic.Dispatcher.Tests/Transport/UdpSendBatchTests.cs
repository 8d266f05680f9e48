using System.Net;
using ActorQuic.Dispatcher.Transport;

namespace ActorQuic.Dispatcher.Tests.Transport;

public sealed class UdpSendBatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static UdpDatagramTransport Bind() => UdpDatagramTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    [Theory]
    [InlineData(1200, 10, 500)]   // ten full segments and a short tail
    [InlineData(1200, 100, 0)]    // more than one GSO call (64 segments each)
    [InlineData(1452, 3, 1452)]
    public void A_batch_arrives_as_separate_datagrams_of_the_segment_size(int segmentSize, int fullSegments, int tail)
    {
        using var receiver = Bind();
        using var sender = Bind();
        var sink = new RecordingSink();
        receiver.Start(sink);

        var batch = new byte[segmentSize * fullSegments + tail];
        for (int i = 0; i < batch.Length; i++)
            batch[i] = (byte)(i / segmentSize * 7 + i);
        int expected = fullSegments + (tail > 0 ? 1 : 0);

        Assert.Equal(expected, sender.SendBatch(batch, segmentSize, receiver.LocalEndPoint));

        Assert.True(sink.WaitFor(expected, Patience), $"received {sink.Count} of {expected}");
        var received = sink.Snapshot();
        Assert.Equal(expected, received.Count);
        // Loopback keeps order within one socket pair.
        for (int k = 0; k < expected; k++)
        {
            int offset = k * segmentSize;
            Assert.Equal(batch.AsSpan(offset, Math.Min(segmentSize, batch.Length - offset)).ToArray(), received[k].Data);
        }
        Assert.Equal(expected, sender.DatagramsSent);
    }

    [Fact]
    public void A_plain_send_after_a_batch_is_not_split_by_the_segment_size()
    {
        using var receiver = Bind();
        using var sender = Bind();
        var sink = new RecordingSink();
        receiver.Start(sink);

        Assert.Equal(3, sender.SendBatch(new byte[3 * 1000], 1000, receiver.LocalEndPoint));
        byte[] large = new byte[1400];
        large[1399] = 0xAB;
        Assert.True(sender.Send(large, receiver.LocalEndPoint));
        Assert.Equal(2, sender.SendBatch(new byte[2 * 1000], 1000, receiver.LocalEndPoint));

        Assert.True(sink.WaitFor(6, Patience));
        var sizes = sink.Snapshot().Select(d => d.Data.Length).ToArray();
        Assert.Equal([1000, 1000, 1000, 1400, 1000, 1000], sizes);
    }
}
