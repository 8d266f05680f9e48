namespace ActorQuic.Protocol.Connection;

/// <summary>What a <see cref="StreamRegistryEvent"/> reports to the registry's owner.</summary>
public enum StreamRegistryEventKind : byte
{
    /// <summary>
    /// The peer opened the stream, explicitly or implicitly (RFC 9000 §2.1, §3.2): hand it to the
    /// application. <c>Value</c> is the peer's initial limit for our sending part (bidirectional
    /// streams; 0 for unidirectional ones) — what the sender's stream starts with.
    /// </summary>
    StreamOpenedByPeer,

    /// <summary>
    /// <c>Value</c> bytes can be read now; <c>Flag</c> means they run up to the final size, so
    /// reading them ends the stream (RFC 9000 §3.2 "Data Recvd").
    /// </summary>
    StreamDataAvailable,

    /// <summary>The peer reset its sending part: <c>Value</c> is the application error code, <c>Value2</c> the final size (RFC 9000 §19.4).</summary>
    StreamResetByPeer,

    /// <summary>
    /// The peer asked us to stop sending with error code <c>Value</c> (RFC 9000 §3.5, §19.5): the
    /// owner tells the sender to reset the sending part with that code.
    /// </summary>
    StopSendingReceived,

    /// <summary>The peer raised its limit for our sending part of the stream to <c>Value</c> (MAX_STREAM_DATA, RFC 9000 §19.10): forward to the sender.</summary>
    PeerStreamCreditRaised,

    /// <summary>The peer raised its connection limit to <c>Value</c> (MAX_DATA, RFC 9000 §19.9): forward to the sender.</summary>
    PeerConnectionCreditRaised,

    /// <summary>We may now open up to <c>Value</c> streams of the type (<c>Flag</c>: bidirectional), RFC 9000 §4.6, §19.11.</summary>
    PeerStreamsLimitRaised,

    /// <summary>Both parts of the stream are terminal and the registry forgot it (RFC 9000 §3.4 "closed").</summary>
    StreamClosed,
}
