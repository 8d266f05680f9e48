namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// A token bucket over caller-supplied time: <c>burst</c> tokens at most, refilled at
/// <c>ratePerSecond</c>. Bounds how many unsolicited replies strangers can make us send
/// (RFC 9000 §5.2.2, §10.3.3), and counts the ones it sheds.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _ratePerMs;
    private readonly double _burst;
    private double _tokens;
    private long _lastMs;
    private bool _started;

    public TokenBucket(double ratePerSecond, int burst)
    {
        if (!(ratePerSecond >= 0) || double.IsInfinity(ratePerSecond)) throw new ArgumentOutOfRangeException(nameof(ratePerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        _ratePerMs = ratePerSecond / 1000.0;
        _burst = burst;
        _tokens = burst;
    }

    /// <summary>Requests refused so far.</summary>
    public long Shed { get; private set; }

    /// <summary>Takes one token if available at <paramref name="nowMs"/>.</summary>
    public bool TryTake(long nowMs)
    {
        if (!_started)
        {
            _started = true;
            _lastMs = nowMs;
        }
        // Time that runs backwards (a caller mixing clocks) adds nothing rather than draining.
        if (nowMs > _lastMs)
        {
            _tokens = Math.Min(_burst, _tokens + (nowMs - _lastMs) * _ratePerMs);
            _lastMs = nowMs;
        }
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return true;
        }
        Shed++;
        return false;
    }
}
