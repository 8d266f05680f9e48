using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using Akka.Actor;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>
/// Stands in for the connection actor that does not exist yet: it keeps the contract the real
/// one will (returns each datagram's buffer after "processing" it, sends on the context's
/// transport) and reports everything it sees to a TestProbe.
/// </summary>
public sealed class ProbeConnection : ReceiveActor
{
    public sealed record Started(IActorRef Connection, NewConnectionContext Context);
    public sealed record Got(IActorRef Connection, byte[] Bytes, IPEndPoint Remote);
    public sealed record GotBatch(IActorRef Connection, byte[][] Datagrams);
    public sealed record ResetDetected(IActorRef Connection, IPEndPoint Remote);
    public sealed record Rejected(IActorRef Connection, ConnectionIdRejected Message);

    /// <summary>Command: throw from the message handler.</summary>
    public sealed record Fail(string Why);

    /// <summary>Command: send this datagram to the peer on the endpoint's transport.</summary>
    public sealed record SendToPeer(byte[] Bytes);

    public static Func<NewConnectionContext, Props> Factory(IActorRef probe) =>
        context => Props.Create(() => new ProbeConnection(context, probe));

    public ProbeConnection(NewConnectionContext context, IActorRef probe)
    {
        probe.Tell(new Started(Self, context));
        Receive<DatagramReceived>(received =>
        {
            // The contract: the connection owns the buffer and returns it once done.
            var bytes = received.Datagram.Span.ToArray();
            received.Datagram.Return();
            probe.Tell(new Got(Self, bytes, received.Remote));
        });
        Receive<DatagramBatchReceived>(batch =>
        {
            var all = batch.Datagrams.Select(d => d.Datagram.Span.ToArray()).ToArray();
            foreach (var d in batch.Datagrams) d.Datagram.Return();
            probe.Tell(new GotBatch(Self, all));
        });
        Receive<StatelessResetDetected>(m => probe.Tell(new ResetDetected(Self, m.Remote)));
        Receive<ConnectionIdRejected>(m => probe.Tell(new Rejected(Self, m)));
        Receive<Fail>(m => throw new InvalidOperationException(m.Why));
        Receive<SendToPeer>(m => context.Transport.Send(m.Bytes, context.Remote));
    }
}
