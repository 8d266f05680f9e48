namespace ActorQuic.Protocol.Send;

/// <summary>What a <see cref="SenderEvent"/> reports.</summary>
public enum SenderEventKind : byte
{
    /// <summary>Acknowledgments released <c>Value</c> bytes of the stream's send buffer: credit for the writer (back-pressure).</summary>
    StreamBufferReleased,

    /// <summary>All data and the FIN of the stream were acknowledged: "Data Recvd" (RFC 9000 §3.1). The stream is gone from the sender.</summary>
    StreamCompleted,

    /// <summary>The peer acknowledged our RESET_STREAM: "Reset Recvd" (RFC 9000 §3.1). The stream is gone from the sender.</summary>
    StreamResetAcknowledged,

    /// <summary>A DATA_BLOCKED frame at limit <c>Value</c> was written (RFC 9000 §4.1).</summary>
    DataBlockedSent,

    /// <summary>A STREAM_DATA_BLOCKED frame at limit <c>Value</c> was written for the stream.</summary>
    StreamDataBlockedSent,

    /// <summary>A STREAMS_BLOCKED frame at limit <c>Value</c> was written (<c>StreamId</c> 0 bidirectional, 2 unidirectional).</summary>
    StreamsBlockedSent,

    /// <summary>
    /// An ACK frame with Largest Acknowledged <c>Value</c> went out in <c>Space</c>: the owner
    /// tells the receiver (AckTracker.OnAckSent) that acknowledgments are no longer owed.
    /// </summary>
    AckSent,

    /// <summary>
    /// A packet carrying our ACK frame with Largest Acknowledged <c>Value</c> was acknowledged
    /// in <c>Space</c>: the receiver may forget those ranges (RFC 9000 §13.2.4; AckTracker.OnAckFrameAcknowledged).
    /// </summary>
    AckFrameAcknowledged,

    /// <summary><c>Value</c> queued DATAGRAMs were dropped unsent: too old, too large or the queue was full (RFC 9221 §5).</summary>
    DatagramsDropped,

    /// <summary><c>Value</c> DATAGRAM frames were acknowledged (RFC 9221 §5.2).</summary>
    DatagramsAcknowledged,

    /// <summary><c>Value</c> DATAGRAM frames were lost; they are never retransmitted (RFC 9221 §5.2).</summary>
    DatagramsLost,
}
