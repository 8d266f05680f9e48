namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Our ability to open streams of one type under the peer's max_streams / MAX_STREAMS
/// (RFC 9000 §4.6), and when to tell it we are blocked with STREAMS_BLOCKED (RFC 9000 §19.14).
/// </summary>
public sealed class OutgoingStreamLimit
{
    private const ulong MaxStreamsBidiFrameType = 0x12;
    private const ulong MaxStreamsUniFrameType = 0x13;

    private ulong _maxStreams;
    private ulong _opened;
    private bool _wantsMore;
    private bool _blockedSignaled;
    private ulong _blockedSignaledAt;

    /// <param name="type">A locally initiated stream type.</param>
    /// <param name="peerMaxStreams">The peer's initial_max_streams_bidi/uni (0 until known).</param>
    public OutgoingStreamLimit(StreamType type, ulong peerMaxStreams = 0)
    {
        Type = type;
        if (peerMaxStreams > 0) OnMaxStreamsReceived(peerMaxStreams, fromTransportParameters: true);
    }

    public StreamType Type { get; }

    /// <summary>The peer's largest limit.</summary>
    public ulong MaxStreams => _maxStreams;

    /// <summary>Streams we have opened: indices 0 .. OpenedCount-1.</summary>
    public ulong OpenedCount => _opened;

    /// <summary>Streams we may still open.</summary>
    public ulong Available => _maxStreams - _opened;

    public bool IsOpened(StreamId id) => id.Type == Type && id.Index < _opened;

    /// <summary>
    /// The peer raised its limit. Values above 2^60 are FRAME_ENCODING_ERROR in a frame and
    /// TRANSPORT_PARAMETER_ERROR in transport parameters (RFC 9000 §4.6); smaller-or-equal
    /// values are ignored (RFC 9000 §19.11). Returns true when the limit grew.
    /// </summary>
    public bool OnMaxStreamsReceived(ulong maxStreams, bool fromTransportParameters = false)
    {
        if (maxStreams > StreamId.MaxStreamCount)
        {
            if (fromTransportParameters)
                throw new QuicProtocolException(TransportErrorCode.TransportParameterError,
                    $"max_streams {maxStreams} exceeds 2^60");
            throw new QuicProtocolException(TransportErrorCode.FrameEncodingError,
                $"MAX_STREAMS {maxStreams} exceeds 2^60",
                StreamId.GetDirection(Type) == StreamDirection.Bidirectional ? MaxStreamsBidiFrameType : MaxStreamsUniFrameType);
        }
        if (maxStreams <= _maxStreams) return false;
        _maxStreams = maxStreams;
        return true;
    }

    /// <summary>Opens the next stream of this type, or returns false when the peer's limit is reached.</summary>
    public bool TryOpen(out StreamId id)
    {
        if (_opened >= _maxStreams)
        {
            _wantsMore = true;
            id = default;
            return false;
        }
        id = StreamId.FromIndex(Type, _opened);
        _opened++;
        _wantsMore = false;
        return true;
    }

    /// <summary>
    /// Whether to send STREAMS_BLOCKED now: true once per limit value after <see cref="TryOpen"/>
    /// failed. <paramref name="limit"/> is the value for the frame (RFC 9000 §19.14).
    /// </summary>
    public bool ShouldSendStreamsBlocked(out ulong limit)
    {
        limit = _maxStreams;
        if (!_wantsMore || _opened < _maxStreams) return false;
        if (_blockedSignaled && _blockedSignaledAt == _maxStreams) return false;
        _blockedSignaled = true;
        _blockedSignaledAt = _maxStreams;
        return true;
    }

    /// <summary>A STREAMS_BLOCKED frame for <paramref name="limit"/> was lost: allow sending it again.</summary>
    public void RearmBlocked(ulong limit)
    {
        if (_blockedSignaled && _blockedSignaledAt == limit) _blockedSignaled = false;
    }

    /// <summary>
    /// The peer sent a frame naming our stream <paramref name="id"/>: it must be one we opened,
    /// else STREAM_STATE_ERROR (RFC 9000 §19.5, §19.8, §19.10).
    /// </summary>
    public void CheckPeerReference(StreamId id, ulong frameType = 0)
    {
        if (id.Type != Type) throw new ArgumentException($"stream {id} is not of type {Type}", nameof(id));
        if (id.Index >= _opened)
            throw new QuicProtocolException(TransportErrorCode.StreamStateError,
                $"peer referenced local stream {id.Value} that was not opened", frameType);
    }
}
