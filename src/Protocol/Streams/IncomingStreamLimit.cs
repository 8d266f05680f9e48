namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Our limit on streams of one type the peer may open (RFC 9000 §4.6): the cumulative count we
/// advertised in max_streams / MAX_STREAMS. Referencing stream N opens every lower stream of
/// that type (RFC 9000 §2.1, §3.2). As the peer's streams close we raise the limit so that
/// about <see cref="Concurrency"/> of them can be open at once.
/// </summary>
public sealed class IncomingStreamLimit
{
    private ulong _maxStreams;
    private ulong _opened;
    private ulong _closed;
    private bool _resendPending;

    /// <param name="type">A peer-initiated stream type.</param>
    /// <param name="initialMaxStreams">The initial_max_streams_bidi/uni we advertised.</param>
    /// <param name="concurrency">Streams to keep available to the peer; defaults to the initial limit.</param>
    public IncomingStreamLimit(StreamType type, ulong initialMaxStreams, ulong? concurrency = null)
    {
        if (initialMaxStreams > StreamId.MaxStreamCount)
            throw new ArgumentOutOfRangeException(nameof(initialMaxStreams), initialMaxStreams, "at most 2^60 (RFC 9000 §4.6)");
        Type = type;
        _maxStreams = initialMaxStreams;
        Concurrency = Math.Min(concurrency ?? initialMaxStreams, StreamId.MaxStreamCount);
    }

    public StreamType Type { get; }

    public ulong Concurrency { get; }

    /// <summary>The largest limit advertised.</summary>
    public ulong MaxStreams => _maxStreams;

    /// <summary>Streams the peer has opened (explicitly or implicitly): indices 0 .. OpenedCount-1.</summary>
    public ulong OpenedCount => _opened;

    /// <summary>Peer streams that reached a terminal state and were released.</summary>
    public ulong ClosedCount => _closed;

    public bool IsOpened(StreamId id) => id.Type == Type && id.Index < _opened;

    /// <summary>
    /// The peer sent a frame for <paramref name="id"/>. Returns how many streams this opens —
    /// indices from the previous <see cref="OpenedCount"/> up to id's index, 0 when it was
    /// already open. Throws STREAM_LIMIT_ERROR beyond the advertised limit (RFC 9000 §4.6, §19.11).
    /// </summary>
    public ulong OnPeerReference(StreamId id, ulong frameType = 0)
    {
        if (id.Type != Type) throw new ArgumentException($"stream {id} is not of type {Type}", nameof(id));
        ulong index = id.Index;
        if (index < _opened) return 0;
        if (index >= _maxStreams)
            throw new QuicProtocolException(TransportErrorCode.StreamLimitError,
                $"peer opened stream {id.Value} (index {index}) beyond its limit of {_maxStreams}", frameType);
        ulong opened = index + 1 - _opened;
        _opened = index + 1;
        return opened;
    }

    /// <summary>A peer stream of this type is done (both parts terminal) and its slot can be reused.</summary>
    public void OnStreamClosed()
    {
        if (_closed >= _opened) throw new InvalidOperationException("more streams closed than opened");
        _closed++;
    }

    /// <summary>
    /// Whether to send MAX_STREAMS now and with which value: when fewer than half of
    /// <see cref="Concurrency"/> unopened slots remain, the limit moves to closed + concurrency,
    /// capped at 2^60. Also true to repeat the limit after <see cref="OnUpdateLost"/>.
    /// </summary>
    public bool TryGetMaxStreamsUpdate(out ulong maxStreams)
    {
        ulong target = Math.Min(_closed + Concurrency, StreamId.MaxStreamCount);
        ulong unused = _maxStreams - _opened;
        if (target > _maxStreams && unused * 2 < Concurrency)
        {
            _maxStreams = target;
            _resendPending = false;
            maxStreams = target;
            return true;
        }
        maxStreams = _maxStreams;
        if (!_resendPending) return false;
        _resendPending = false;
        return true;
    }

    /// <summary>A MAX_STREAMS frame carrying <paramref name="lostMaxStreams"/> was lost: repeat it unless superseded.</summary>
    public void OnUpdateLost(ulong lostMaxStreams)
    {
        if (lostMaxStreams == _maxStreams) _resendPending = true;
    }
}
