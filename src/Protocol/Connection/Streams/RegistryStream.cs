using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Connection;

/// <summary>
/// What the <see cref="StreamRegistry"/> knows about one live stream: the whole receiving part
/// (buffer, flow control, state) and just enough of the sending part — whether it is still
/// alive and the peer's limit for it — to validate and forward peer frames. The send data
/// itself lives in the sender.
/// </summary>
internal sealed class RegistryStream
{
    private RegistryStream(StreamId id, ReassemblyBuffer? buffer, ReceiveFlowController? flow, bool hasSendingPart, ulong peerSendLimit)
    {
        Id = id;
        Buffer = buffer;
        Flow = flow;
        State = buffer is null ? null : new ReceiveStreamStateMachine();
        SendOpen = hasSendingPart;
        PeerSendLimit = peerSendLimit;
    }

    public StreamId Id { get; }

    /// <summary>Received bytes not read yet; null when we have no receiving part (our unidirectional stream).</summary>
    public ReassemblyBuffer? Buffer { get; }

    /// <summary>MAX_STREAM_DATA bookkeeping for the receiving part (RFC 9000 §4.1).</summary>
    public ReceiveFlowController? Flow { get; }

    /// <summary>The receiving part's state (RFC 9000 §3.2).</summary>
    public ReceiveStreamStateMachine? State { get; }

    /// <summary>The sending part exists and the sender has not reported it terminal (RFC 9000 §3.1).</summary>
    public bool SendOpen { get; set; }

    /// <summary>The peer's largest limit for our sending part (initial transport parameter or MAX_STREAM_DATA).</summary>
    public ulong PeerSendLimit { get; set; }

    /// <summary>The application abandoned reading (STOP_SENDING was queued or the data was complete).</summary>
    public bool ReadingStopped { get; set; }

    /// <summary>The error code of our STOP_SENDING, repeated verbatim if the frame is lost.</summary>
    public ulong StopSendingCode { get; set; }

    /// <summary>STOP_SENDING from the peer was already reported; duplicates are not.</summary>
    public bool StopSendingReported { get; set; }

    /// <summary>A StreamDataAvailable event with fin went out: the application knows where the stream ends.</summary>
    public bool FinAnnounced { get; set; }

    /// <summary>Index in the registry's event list of an undrained StreamDataAvailable for this stream, or -1.</summary>
    public int PendingDataEvent { get; set; } = -1;

    /// <summary>Queued for a MAX_STREAM_DATA check on the next drain.</summary>
    public bool CreditCheckQueued { get; set; }

    public bool HasReceivingPart => Buffer is not null;

    /// <summary>The receiving part is absent or terminal ("Data Read" or "Reset Read").</summary>
    public bool ReceiveDone => State is null || State.IsTerminal;

    /// <summary>MAX_STREAM_DATA is still useful: in "Recv" and still being read (RFC 9000 §3.3, §13.3).</summary>
    public bool WantsCredit => State is { CanSendMaxStreamData: true } && !ReadingStopped;

    public static RegistryStream WithReceivingPart(StreamId id, ulong window, ulong maxWindow, int blockSize, bool hasSendingPart, ulong peerSendLimit) =>
        new(id, new ReassemblyBuffer(window, blockSize), new ReceiveFlowController(window, Math.Max(window, maxWindow)), hasSendingPart, peerSendLimit);

    public static RegistryStream SendOnly(StreamId id, ulong peerSendLimit) => new(id, null, null, hasSendingPart: true, peerSendLimit);
}
