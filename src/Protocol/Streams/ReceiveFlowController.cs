using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Receive-side flow control for one stream (MAX_STREAM_DATA) or the whole connection
/// (MAX_DATA), RFC 9000 §4.1–§4.2. Enforces the advertised limit and decides when to advertise
/// more. The window is a distance past what the application has <em>consumed</em>: credit is
/// only granted as data is read, so a slow reader back-pressures the peer.
/// </summary>
/// <remarks>
/// Auto-tuning (RFC 9000 §4.2 suggests it): when updates become due faster than every two
/// round trips, the reader keeps up with the network and the window is what limits throughput,
/// so it doubles, up to <see cref="MaxWindow"/>.
/// </remarks>
public sealed class ReceiveFlowController
{
    private ulong _limit;
    private ulong _window;
    private ulong _received;
    private ulong _consumed;
    private bool _resendPending;
    private TimeSpan _lastUpdateAt;
    private bool _hasLastUpdate;

    /// <param name="initialWindow">The limit advertised in the transport parameters.</param>
    /// <param name="maxWindow">Upper bound for auto-tuning; defaults to no tuning.</param>
    public ReceiveFlowController(ulong initialWindow, ulong? maxWindow = null)
    {
        ulong max = maxWindow ?? initialWindow;
        if (max < initialWindow) throw new ArgumentOutOfRangeException(nameof(maxWindow), max, "below the initial window");
        _window = Math.Min(initialWindow, QuicVarint.MaxValue);
        MaxWindow = Math.Min(max, QuicVarint.MaxValue);
        _limit = _window;
    }

    /// <summary>The largest limit advertised so far: the peer may send up to this offset (sum for a connection).</summary>
    public ulong Limit => _limit;

    /// <summary>Current window: how far past the consumed offset new limits are placed.</summary>
    public ulong Window => _window;

    public ulong MaxWindow { get; }

    /// <summary>Largest received offset (stream) or sum of them over all streams (connection), RFC 9000 §4.1.</summary>
    public ulong Received => _received;

    /// <summary>Bytes the application read (or that were discarded after a reset).</summary>
    public ulong Consumed => _consumed;

    /// <summary>Credit the peer still has under the advertised limit.</summary>
    public ulong PeerCredit => _limit - _received;

    /// <summary>
    /// Stream level: data arrived ending at <paramref name="endOffset"/>. Returns by how much the
    /// largest received offset grew — add that to the connection controller with
    /// <see cref="OnReceivedBytes"/>. Throws FLOW_CONTROL_ERROR past the limit (RFC 9000 §4.1).
    /// Also use it with a final size from RESET_STREAM (RFC 9000 §4.5).
    /// </summary>
    public ulong OnReceivedOffset(ulong endOffset)
    {
        if (endOffset <= _received) return 0;
        if (endOffset > _limit)
            throw new QuicProtocolException(TransportErrorCode.FlowControlError,
                $"peer sent up to {endOffset}, beyond the advertised limit {_limit}");
        ulong delta = endOffset - _received;
        _received = endOffset;
        return delta;
    }

    /// <summary>Connection level: a stream's largest offset grew by <paramref name="bytes"/> (RFC 9000 §19.9).</summary>
    public void OnReceivedBytes(ulong bytes)
    {
        if (bytes > _limit - _received)
            throw new QuicProtocolException(TransportErrorCode.FlowControlError,
                $"peer sent {_received} + {bytes} bytes, beyond the advertised limit {_limit}");
        _received += bytes;
    }

    /// <summary>The application consumed <paramref name="bytes"/>: this is what frees credit.</summary>
    public void OnConsumed(ulong bytes)
    {
        if (bytes > _received - _consumed)
            throw new InvalidOperationException($"consumed {bytes} bytes but only {_received - _consumed} are unconsumed");
        _consumed += bytes;
    }

    /// <summary>
    /// Counts every received byte as consumed (the stream was reset or its reading aborted, so
    /// buffered data is thrown away). Returns the bytes newly counted, to pass to the
    /// connection controller's <see cref="OnConsumed"/> so connection credit is not leaked
    /// (RFC 9000 §4.4, §4.5).
    /// </summary>
    public ulong ConsumeAll()
    {
        ulong delta = _received - _consumed;
        _consumed = _received;
        return delta;
    }

    /// <summary>Whether a new limit would be advertised now (same rule as <see cref="TryGetUpdate(out ulong)"/>).</summary>
    public bool IsUpdateDue => _resendPending || ((_limit - _consumed) * 2 <= _window && _consumed + _window > _limit);

    /// <summary>
    /// Whether to send MAX_STREAM_DATA / MAX_DATA now, and with which value: when less than half
    /// of the window is left past the consumed offset, the limit moves to consumed + window
    /// (RFC 9000 §4.2). Also true to repeat the current limit after <see cref="OnUpdateLost"/>.
    /// </summary>
    public bool TryGetUpdate(out ulong newLimit) => TryGetUpdateCore(tune: false, default, default, out newLimit);

    /// <summary>
    /// As <see cref="TryGetUpdate(out ulong)"/>, auto-tuning the window: <paramref name="now"/> is
    /// any monotonic time, <paramref name="smoothedRtt"/> the connection's RTT estimate.
    /// </summary>
    public bool TryGetUpdate(TimeSpan now, TimeSpan smoothedRtt, out ulong newLimit) =>
        TryGetUpdateCore(tune: true, now, smoothedRtt, out newLimit);

    /// <summary>
    /// A frame carrying <paramref name="lostLimit"/> was lost: repeat it unless a larger limit
    /// has been advertised since (RFC 9000 §13.3).
    /// </summary>
    public void OnUpdateLost(ulong lostLimit)
    {
        if (lostLimit == _limit) _resendPending = true;
    }

    private bool TryGetUpdateCore(bool tune, TimeSpan now, TimeSpan rtt, out ulong newLimit)
    {
        ulong remaining = _limit - _consumed;
        if (remaining * 2 > _window || _consumed + _window <= _limit)
        {
            newLimit = _limit;
            if (!_resendPending) return false;
            _resendPending = false;
            return true;
        }
        if (tune)
        {
            if (_hasLastUpdate && rtt > TimeSpan.Zero && now - _lastUpdateAt < rtt * 2 && _window < MaxWindow)
                _window = Math.Min(_window * 2, MaxWindow);
            _lastUpdateAt = now;
            _hasLastUpdate = true;
        }
        _limit = Math.Min(_consumed + _window, QuicVarint.MaxValue);
        _resendPending = false;
        newLimit = _limit;
        return true;
    }
}
