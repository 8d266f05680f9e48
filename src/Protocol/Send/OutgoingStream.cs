using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Send;

/// <summary>The sending part of one stream as the sender holds it: bytes, the peer's limit, the state.</summary>
internal sealed class OutgoingStream
{
    public OutgoingStream(ulong id, ulong peerMaxStreamData, int blockSize)
    {
        Id = id;
        Buffer = new SendBuffer(blockSize);
        Flow = new SendFlowController(peerMaxStreamData);
    }

    public ulong Id { get; }

    public SendBuffer Buffer { get; }

    /// <summary>The peer's MAX_STREAM_DATA for this stream (RFC 9000 §4.1).</summary>
    public SendFlowController Flow { get; }

    public SendStreamStateMachine State { get; } = new();

    /// <summary>In the round-robin queue of streams with something to send.</summary>
    public bool Scheduled { get; set; }

    /// <summary>
    /// Something can go out now: lost bytes or a lost FIN (no credit needed), new bytes with
    /// stream and connection credit, or a FIN with every byte sent.
    /// </summary>
    public bool CanSend(ulong connectionCredit)
    {
        if (!State.CanSendData) return false;
        var b = Buffer;
        if (b.HasRetransmission) return true;
        if (b.UnsentBytes > 0) return Flow.Available > 0 && connectionCredit > 0;
        return b.HasDataToSend; // only the FIN is left
    }
}
