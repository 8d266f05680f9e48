namespace ActorQuic.Protocol.Streams;

/// <summary>
/// A connection's stream bookkeeping for both directions and both initiators: which frames the
/// peer may send for which stream, implicit opening of peer streams, and stream concurrency
/// limits (RFC 9000 §2.1, §3, §4.6, §19).
/// </summary>
public sealed class StreamLimits
{
    /// <param name="localRole">Whether we are the client or the server.</param>
    /// <param name="localMaxBidi">initial_max_streams_bidi we advertise.</param>
    /// <param name="localMaxUni">initial_max_streams_uni we advertise.</param>
    /// <param name="peerMaxBidi">The peer's initial_max_streams_bidi, when already known.</param>
    /// <param name="peerMaxUni">The peer's initial_max_streams_uni, when already known.</param>
    public StreamLimits(StreamInitiator localRole, ulong localMaxBidi, ulong localMaxUni, ulong peerMaxBidi = 0, ulong peerMaxUni = 0)
    {
        LocalRole = localRole;
        var peer = localRole == StreamInitiator.Client ? StreamInitiator.Server : StreamInitiator.Client;
        IncomingBidirectional = new IncomingStreamLimit(StreamId.TypeOf(peer, StreamDirection.Bidirectional), localMaxBidi);
        IncomingUnidirectional = new IncomingStreamLimit(StreamId.TypeOf(peer, StreamDirection.Unidirectional), localMaxUni);
        OutgoingBidirectional = new OutgoingStreamLimit(StreamId.TypeOf(localRole, StreamDirection.Bidirectional), peerMaxBidi);
        OutgoingUnidirectional = new OutgoingStreamLimit(StreamId.TypeOf(localRole, StreamDirection.Unidirectional), peerMaxUni);
    }

    public StreamInitiator LocalRole { get; }

    public IncomingStreamLimit IncomingBidirectional { get; }

    public IncomingStreamLimit IncomingUnidirectional { get; }

    public OutgoingStreamLimit OutgoingBidirectional { get; }

    public OutgoingStreamLimit OutgoingUnidirectional { get; }

    public IncomingStreamLimit Incoming(StreamDirection direction) =>
        direction == StreamDirection.Bidirectional ? IncomingBidirectional : IncomingUnidirectional;

    public OutgoingStreamLimit Outgoing(StreamDirection direction) =>
        direction == StreamDirection.Bidirectional ? OutgoingBidirectional : OutgoingUnidirectional;

    /// <summary>
    /// Validates a frame the peer sent for <paramref name="id"/> and opens peer streams it
    /// implies. Returns how many peer streams it opened (0 for our own or existing streams);
    /// they are <paramref name="firstOpened"/>, firstOpened + 4, ... up to <paramref name="id"/>.
    /// Throws STREAM_STATE_ERROR for a frame that direction of stream cannot carry (RFC 9000
    /// §19.4, §19.5, §19.8, §19.10, §19.13) or for our own stream not opened yet; and
    /// STREAM_LIMIT_ERROR past our limit (RFC 9000 §4.6).
    /// </summary>
    public ulong OnPeerFrame(StreamId id, StreamFrameKind kind, out StreamId firstOpened)
    {
        firstOpened = default;
        bool peerSendsData = kind is StreamFrameKind.Stream or StreamFrameKind.ResetStream or StreamFrameKind.StreamDataBlocked;
        if (peerSendsData ? !id.HasReceivingPart(LocalRole) : !id.HasSendingPart(LocalRole))
        {
            throw new QuicProtocolException(TransportErrorCode.StreamStateError,
                $"{kind} for stream {id.Value}, which is {(peerSendsData ? "send" : "receive")}-only here", (ulong)kind);
        }
        if (id.IsLocallyInitiated(LocalRole))
        {
            Outgoing(id.Direction).CheckPeerReference(id, (ulong)kind);
            return 0;
        }
        var incoming = Incoming(id.Direction);
        ulong before = incoming.OpenedCount;
        ulong opened = incoming.OnPeerReference(id, (ulong)kind);
        if (opened > 0) firstOpened = StreamId.FromIndex(id.Type, before);
        return opened;
    }

    /// <summary>Opens our next stream in <paramref name="direction"/>, if the peer allows.</summary>
    public bool TryOpen(StreamDirection direction, out StreamId id) => Outgoing(direction).TryOpen(out id);

    /// <summary>A peer-initiated stream finished; frees a slot towards the next MAX_STREAMS.</summary>
    public void OnPeerStreamClosed(StreamId id)
    {
        if (id.IsLocallyInitiated(LocalRole)) throw new ArgumentException("not a peer-initiated stream", nameof(id));
        Incoming(id.Direction).OnStreamClosed();
    }
}
