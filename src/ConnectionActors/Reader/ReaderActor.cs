using ActorQuic.Protocol.Packets;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Pass 1 of receiving: delimits the coalesced packets of a datagram with
/// <see cref="DatagramSplitter"/> (no keys needed) and drops datagrams with nothing usable in
/// them. What passes goes to the receiver in one message, so a datagram costs one hop however
/// many packets it coalesces (DESIGN.md "batch").
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
    }

    /// <summary>Datagrams dropped in pass 1 (nothing could be delimited).</summary>
    public long DroppedDatagrams { get; private set; }

    public static Props Props(int localConnectionIdLength) =>
        Akka.Actor.Props.Create(() => new ReaderActor(localConnectionIdLength));

    private void OnDatagram(DatagramReceived datagram)
    {
        if ((uint)datagram.Length > (uint)datagram.Buffer.Length)
        {
            DroppedDatagrams++;
            return;
        }
        var splitter = new DatagramSplitter(datagram.Buffer.AsMemory(0, datagram.Length), _localConnectionIdLength);
        int packets = 0;
        while (splitter.MoveNext()) packets++;
        if (packets == 0)
        {
            // Nothing pass 2 could use: not worth a hop (RFC 9000 §12.2 lets us drop such datagrams).
            DroppedDatagrams++;
            return;
        }
        _receiver.Tell(new DatagramToProcess(datagram.Buffer, datagram.Length, datagram.Remote, packets));
    }
}
