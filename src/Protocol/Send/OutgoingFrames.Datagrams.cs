using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

public sealed partial class OutgoingFrames
{
    private readonly Queue<(ReadOnlyMemory<byte> Data, TimeSpan Queued)> _datagrams = new();

    /// <summary>
    /// The peer's max_datagram_frame_size (RFC 9221 §3): 0 means it does not accept DATAGRAM
    /// frames. A frame (type, length and data) must not exceed it.
    /// </summary>
    public ulong PeerMaxDatagramFrameSize { get; set; }

    /// <summary>Queued DATAGRAMs beyond this drop the oldest: fresh data matters more for unreliable traffic.</summary>
    public int DatagramQueueCapacity { get; set; } = 64;

    /// <summary>A DATAGRAM queued longer than this is dropped instead of sent late.</summary>
    public TimeSpan MaxDatagramAge { get; set; } = TimeSpan.FromSeconds(1);

    public int QueuedDatagramCount => _datagrams.Count;

    /// <summary>
    /// Queues one DATAGRAM (RFC 9221). It is sent whole in a single packet, never
    /// retransmitted (§5.2), and dropped when it waits longer than <see cref="MaxDatagramAge"/>
    /// or cannot fit a packet. Returns false, queuing nothing, when the peer does not accept a
    /// frame this large (§3). The bytes must not change until sent or dropped.
    /// </summary>
    public bool EnqueueDatagram(ReadOnlyMemory<byte> data, TimeSpan now)
    {
        ulong frameLength = (ulong)DatagramFrame.GetHeaderLength(data.Length, withLength: true) + (ulong)data.Length;
        if (frameLength > PeerMaxDatagramFrameSize) return false;
        if (_datagrams.Count >= Math.Max(1, DatagramQueueCapacity))
        {
            _datagrams.Dequeue();
            _events.Add(new SenderEvent(SenderEventKind.DatagramsDropped, Value: 1));
        }
        _datagrams.Enqueue((data, now));
        return true;
    }

    /// <summary>
    /// Writes whole DATAGRAM frames below <paramref name="limit"/> in queue order.
    /// <paramref name="largestFrame"/> is the most a packet at the maximum datagram size can hold:
    /// anything larger can never be sent and is dropped.
    /// </summary>
    private int WriteDatagrams(ref QuicWriter w, int limit, int largestFrame, TimeSpan now)
    {
        int written = 0;
        int dropped = 0;
        while (_datagrams.Count > 0)
        {
            var (data, queued) = _datagrams.Peek();
            int frameLength = DatagramFrame.GetHeaderLength(data.Length, withLength: true) + data.Length;
            if (now - queued > MaxDatagramAge || frameLength > largestFrame)
            {
                _datagrams.Dequeue();
                dropped++;
                continue;
            }
            if (frameLength > limit - w.Position) break; // waits for the next packet, keeping order
            _datagrams.Dequeue();
            new DatagramFrame(data).Encode(ref w);
            written++;
        }
        if (dropped > 0) _events.Add(new SenderEvent(SenderEventKind.DatagramsDropped, Value: (ulong)dropped));
        return written;
    }

    /// <summary>Drops DATAGRAMs that have waited too long, even when nothing is being sent.</summary>
    public void ExpireDatagrams(TimeSpan now)
    {
        int dropped = 0;
        while (_datagrams.Count > 0 && now - _datagrams.Peek().Queued > MaxDatagramAge)
        {
            _datagrams.Dequeue();
            dropped++;
        }
        if (dropped > 0) _events.Add(new SenderEvent(SenderEventKind.DatagramsDropped, Value: (ulong)dropped));
    }
}
