namespace ActorQuic.Protocol.Tls;

/// <summary>
/// Remembers which tickets were already presented so each is accepted once (RFC 9846 §8.1,
/// single-use tickets). Bounded: entries expire with the ticket lifetime, and when the cache is
/// full of live entries new tickets are refused (a full handshake follows) rather than evicting
/// entries, which would reopen a replay window. Thread-safe: one instance is shared by all the
/// connections of a server.
/// </summary>
public sealed class TlsAntiReplayCache
{
    private readonly int _capacity;
    private readonly Dictionary<UInt128, DateTimeOffset> _seen = new();
    private readonly object _lock = new();

    public TlsAntiReplayCache(int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get { lock (_lock) return _seen.Count; }
    }

    /// <summary>Records a ticket; false if it was seen before or the cache is full.</summary>
    internal bool TryUse(ReadOnlySpan<byte> ticketId, DateTimeOffset expires, DateTimeOffset now)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(ticketId);
        var key = new UInt128(BitConverter.ToUInt64(digest, 0), BitConverter.ToUInt64(digest, 8));
        lock (_lock)
        {
            if (_seen.ContainsKey(key)) return false;
            if (_seen.Count >= _capacity)
            {
                foreach (var (k, exp) in _seen)
                    if (exp <= now) _seen.Remove(k);
                if (_seen.Count >= _capacity) return false;
            }
            _seen[key] = expires;
            return true;
        }
    }
}
