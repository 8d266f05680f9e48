using ActorQuic.Dispatcher.Actors;
using System.Runtime.InteropServices;
using ActorQuic.Protocol.Packets;
using Akka.Actor;
using EndpointDatagram = ActorQuic.Dispatcher.Endpoint.DatagramReceived;
using EndpointDatagramBatch = ActorQuic.Dispatcher.Endpoint.DatagramBatchReceived;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Pass 1 of receiving: delimits the coalesced packets of a datagram with
/// <see cref="DatagramSplitter"/> (no keys needed) and drops datagrams with nothing usable in
/// them. What passes goes to the receiver in one message, so a datagram costs one hop however
/// many packets it coalesces (DESIGN.md "batch"). Datagrams from the endpoint arrive in pooled
/// buffers, which travel on uncopied: whoever drops one returns it (here, or the receiver after processing).
/// </summary>
public sealed class ReaderActor : ReceiveActor
{
    private readonly int _localConnectionIdLength;
    private IActorRef _receiver = ActorRefs.Nobody;

    public ReaderActor(int localConnectionIdLength)
    {
        _localConnectionIdLength = localConnectionIdLength;
        Receive<ConnectionChildren>(c => _receiver = c.Receiver);
        Receive<DatagramReceived>(OnDatagram);
        Receive<EndpointDatagram>(OnPooledDatagram);
        Receive<EndpointDatagramBatch>(OnPooledBatch);
    }

    /// <summary>Datagrams dropped in pass 1 (nothing could be delimited).</summary>
    public long DroppedDatagrams { get; private set; }

    public static Props Props(int localConnectionIdLength) =>
        FactoryProps.Of(() => new ReaderActor(localConnectionIdLength));

    private void OnDatagram(DatagramReceived datagram)
    {
        if ((uint)datagram.Length > (uint)datagram.Buffer.Length)
        {
            DroppedDatagrams++;
            return;
        }
        int packets = CountPackets(datagram.Buffer, datagram.Length);
        if (packets > 0) _receiver.Tell(new DatagramToProcess(datagram.Buffer, datagram.Length, datagram.Remote, packets));
    }

    private void OnPooledDatagram(EndpointDatagram received)
    {
        if (Check(received) is { } toProcess) _receiver.Tell(toProcess);
    }

    /// <summary>A batch stays one message: what passes goes on together (or alone, if only one does).</summary>
    private void OnPooledBatch(EndpointDatagramBatch batch)
    {
        var passed = new List<DatagramToProcess>(batch.Datagrams.Length);
        foreach (var received in batch.Datagrams)
        {
            if (Check(received) is { } toProcess) passed.Add(toProcess);
        }
        if (passed.Count == 1) _receiver.Tell(passed[0]);
        else if (passed.Count > 1) _receiver.Tell(new DatagramBatchToProcess(passed.ToArray()));
    }

    /// <summary>Pass 1 for one pooled datagram: what the receiver gets, or null when dropped (its buffer returned here).</summary>
    private DatagramToProcess? Check(EndpointDatagram received)
    {
        var pooled = received.Datagram;
        bool handedOver = false;
        try
        {
            // A PooledDatagram is a whole rented array from offset 0; returned ones have no bytes.
            if (pooled.IsReturned || !MemoryMarshal.TryGetArray<byte>(pooled.Memory, out var segment) || segment.Offset != 0)
            {
                DroppedDatagrams++;
                return null;
            }
            int packets = CountPackets(segment.Array!, pooled.Length);
            if (packets == 0) return null;
            handedOver = true;
            return new DatagramToProcess(segment.Array!, pooled.Length, received.Remote, packets, pooled);
        }
        finally
        {
            if (!handedOver) pooled.Return();
        }
    }

    /// <summary>Coalesced packets that can be delimited; 0 drops the datagram (RFC 9000 §12.2 lets us).</summary>
    private int CountPackets(byte[] buffer, int length)
    {
        var splitter = new DatagramSplitter(buffer.AsMemory(0, length), _localConnectionIdLength);
        int packets = 0;
        while (splitter.MoveNext()) packets++;
        if (packets == 0) DroppedDatagrams++; // nothing pass 2 could use: not worth a hop
        return packets;
    }
}
