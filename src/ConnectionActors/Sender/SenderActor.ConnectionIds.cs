namespace ActorQuic.ConnectionActors;

/// <summary>Connection ID frames (RFC 9000 §5.1): the connection decides, the sender queues; lost ones are re-queued by OutgoingFrames (§13.3).</summary>
public sealed partial class SenderActor
{
    private void ConnectionIdHandlers()
    {
        Receive<SendNewConnectionId>(m => Work(() => _frames.QueueNewConnectionId(m.SequenceNumber, m.RetirePriorTo, m.ConnectionId, m.ResetToken)));
        Receive<SendRetireConnectionId>(m => Work(() => _frames.QueueRetireConnectionId(m.SequenceNumber)));
        Receive<UseDestinationConnectionId>(m => _assembler.DestinationConnectionId = m.ConnectionId);
    }
}
