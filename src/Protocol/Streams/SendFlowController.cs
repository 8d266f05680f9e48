using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Send-side flow control for one stream or the connection (RFC 9000 §4.1): the peer's limit,
/// what we have used of it, and when to say we are blocked (STREAM_DATA_BLOCKED / DATA_BLOCKED,
/// RFC 9000 §19.12–§19.13) — once per limit value, not once per attempt.
/// </summary>
public sealed class SendFlowController
{
    private ulong _limit;
    private ulong _used;
    private ulong _blockedSignaledAt;
    private bool _blockedSignaled;

    public SendFlowController(ulong initialLimit)
    {
        _limit = Math.Min(initialLimit, QuicVarint.MaxValue);
    }

    /// <summary>The peer's largest advertised limit.</summary>
    public ulong Limit => _limit;

    /// <summary>Credit used: the largest offset sent (stream) or sum over streams (connection).</summary>
    public ulong Used => _used;

    /// <summary>Credit left.</summary>
    public ulong Available => _limit - _used;

    public bool IsBlocked => _used >= _limit;

    /// <summary>
    /// MAX_STREAM_DATA / MAX_DATA received. Values that do not raise the limit are ignored
    /// (RFC 9000 §4.1). Returns true when the limit grew (a blocked sender may resume).
    /// </summary>
    public bool OnLimitReceived(ulong limit)
    {
        if (limit <= _limit) return false;
        _limit = limit;
        return true;
    }

    /// <summary>Records <paramref name="bytes"/> of new data sent. Overrunning the limit is a local bug.</summary>
    public void OnSent(ulong bytes)
    {
        if (bytes > _limit - _used)
            throw new InvalidOperationException($"sending {bytes} bytes with only {_limit - _used} of credit (RFC 9000 §4.1)");
        _used += bytes;
    }

    /// <summary>
    /// Whether to send a BLOCKED frame now: true once per limit value when the sender has data
    /// waiting and no credit. <paramref name="limit"/> is the value to put in the frame.
    /// </summary>
    public bool ShouldSendBlocked(bool hasDataWaiting, out ulong limit)
    {
        limit = _limit;
        if (!hasDataWaiting || !IsBlocked) return false;
        if (_blockedSignaled && _blockedSignaledAt == _limit) return false;
        _blockedSignaled = true;
        _blockedSignaledAt = _limit;
        return true;
    }

    /// <summary>
    /// A BLOCKED frame for <paramref name="limit"/> was lost, or the caller wants to repeat it
    /// (RFC 9000 §4.1 suggests repeating when nothing ack-eliciting is in flight): allow
    /// <see cref="ShouldSendBlocked"/> to fire again while still blocked at that limit.
    /// </summary>
    public void RearmBlocked(ulong limit)
    {
        if (_blockedSignaled && _blockedSignaledAt == limit) _blockedSignaled = false;
    }
}
