namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Remembers the nonces of NEW_TOKEN tokens already used until they expire, so each is
/// accepted once (RFC 9000 §8.1.4). Bounded: when full of unexpired entries it refuses new
/// tokens (the client then goes through Retry or the amplification limit) rather than grow.
/// </summary>
internal sealed class TokenReplayFilter
{
    private readonly int _capacity;
    private readonly Dictionary<UInt128, long> _expiryByNonce = new();
    private readonly PriorityQueue<UInt128, long> _byExpiry = new();

    public TokenReplayFilter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public int Count => _expiryByNonce.Count;

    /// <summary>True the first time a nonce is seen; false for a replay or when the filter is full.</summary>
    public bool TryRemember(ReadOnlySpan<byte> nonce12, long expiresAtMs, long nowMs)
    {
        while (_byExpiry.TryPeek(out var oldest, out long expiry) && expiry < nowMs)
        {
            _byExpiry.Dequeue();
            _expiryByNonce.Remove(oldest);
        }
        Span<byte> padded = stackalloc byte[16];
        nonce12.CopyTo(padded);
        var key = System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(padded);
        if (_expiryByNonce.ContainsKey(key) || _expiryByNonce.Count >= _capacity) return false;
        _expiryByNonce.Add(key, expiresAtMs);
        _byExpiry.Enqueue(key, expiresAtMs);
        return true;
    }
}
