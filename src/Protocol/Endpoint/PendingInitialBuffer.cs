using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Holds the 2nd..nth datagrams of a client's first flight (a ClientHello split over several
/// Initials, or 0-RTT packets, RFC 9000 §5.2.2 "MAY buffer a limited number") that arrive
/// while the connection their first Initial created is not yet registered in the routing
/// table. Keyed by the client's original DCID. Every dimension is bounded (keys, datagrams per
/// key, total bytes) and keys expire, so a flood can only make it shed, never grow.
/// Time is a parameter; one owner (the dispatcher).
/// </summary>
/// <remarks>
/// Keys are created only by <see cref="Begin"/>, i.e. for connections the dispatcher decided to
/// create, which the router's connection and handshake limits already bound: stray packets
/// can never open a key. The dispatcher calls <see cref="TakeAll"/> when the connection
/// registers (or fails), and <see cref="Expire"/> from its timer.
/// </remarks>
public sealed class PendingInitialBuffer
{
    private sealed class Entry(long expiresAtMs)
    {
        public readonly long ExpiresAtMs = expiresAtMs;
        public readonly List<byte[]> Datagrams = new();
    }

    private readonly Dictionary<ConnectionId, Entry> _entries = new();
    private readonly List<ConnectionId> _expired = new();

    /// <param name="maxKeys">Connections that may be pending at once.</param>
    /// <param name="maxDatagramsPerKey">Datagrams kept per pending connection.</param>
    /// <param name="maxTotalBytes">Bytes kept over all pending connections.</param>
    /// <param name="lifetimeMs">How long after <see cref="Begin"/> a key lives if never taken.</param>
    public PendingInitialBuffer(int maxKeys = 256, int maxDatagramsPerKey = 8, int maxTotalBytes = 1 << 20, long lifetimeMs = 2_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKeys);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDatagramsPerKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTotalBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lifetimeMs);
        MaxKeys = maxKeys;
        MaxDatagramsPerKey = maxDatagramsPerKey;
        MaxTotalBytes = maxTotalBytes;
        LifetimeMs = lifetimeMs;
    }

    public int MaxKeys { get; }
    public int MaxDatagramsPerKey { get; }
    public int MaxTotalBytes { get; }
    public long LifetimeMs { get; }

    public int KeyCount => _entries.Count;
    public int DatagramCount { get; private set; }
    public int TotalBytes { get; private set; }

    /// <summary>Datagrams refused by <see cref="Add"/> or discarded by expiry.</summary>
    public long Shed { get; private set; }

    /// <summary>
    /// Marks a connection as being created under its client's original DCID. False when it already
    /// is, or when <see cref="MaxKeys"/> connections are pending (expired keys are purged first).
    /// </summary>
    public bool Begin(ConnectionId originalDcid, long nowMs)
    {
        if (_entries.ContainsKey(originalDcid))
            return false;
        if (_entries.Count >= MaxKeys)
        {
            Expire(nowMs);
            if (_entries.Count >= MaxKeys)
                return false;
        }
        _entries.Add(originalDcid, new Entry(nowMs + LifetimeMs));
        return true;
    }

    /// <summary>Whether a connection is being created under <paramref name="dcid"/>.</summary>
    public bool Contains(ReadOnlySpan<byte> dcid) =>
        dcid.Length <= ConnectionId.MaxLength && _entries.ContainsKey(new ConnectionId(dcid));

    /// <summary>Copies <paramref name="datagram"/> into the buffer of a pending connection, within the bounds.</summary>
    public PendingAddResult Add(ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> datagram, long nowMs)
    {
        if (dcid.Length > ConnectionId.MaxLength || !_entries.TryGetValue(new ConnectionId(dcid), out var entry))
            return Refuse(PendingAddResult.NotPending);
        if (nowMs >= entry.ExpiresAtMs)
        {
            Remove(new ConnectionId(dcid), entry, shed: true);
            return Refuse(PendingAddResult.Expired);
        }
        if (entry.Datagrams.Count >= MaxDatagramsPerKey)
            return Refuse(PendingAddResult.KeyFull);
        if (datagram.Length > MaxTotalBytes - TotalBytes)
            return Refuse(PendingAddResult.BufferFull);
        entry.Datagrams.Add(datagram.ToArray());
        DatagramCount++;
        TotalBytes += datagram.Length;
        return PendingAddResult.Added;
    }

    /// <summary>
    /// Ends the pending state of <paramref name="originalDcid"/> and hands over its datagrams in
    /// arrival order (empty when none or not pending). Call it when the connection registers,
    /// and also when creating it failed (then just drop the result).
    /// </summary>
    public IReadOnlyList<byte[]> TakeAll(ConnectionId originalDcid)
    {
        if (!_entries.TryGetValue(originalDcid, out var entry))
            return Array.Empty<byte[]>();
        Remove(originalDcid, entry, shed: false);
        return entry.Datagrams;
    }

    /// <summary>Discards every key whose lifetime is over at <paramref name="nowMs"/>; returns the datagrams dropped.</summary>
    public int Expire(long nowMs)
    {
        int dropped = 0;
        _expired.Clear();
        foreach (var (key, entry) in _entries)
            if (nowMs >= entry.ExpiresAtMs)
                _expired.Add(key);
        foreach (var key in _expired)
        {
            var entry = _entries[key];
            dropped += entry.Datagrams.Count;
            Remove(key, entry, shed: true);
        }
        _expired.Clear();
        return dropped;
    }

    /// <summary>The earliest key expiry, for the dispatcher's single timer; false when nothing is pending.</summary>
    public bool TryGetNextExpiry(out long expiresAtMs)
    {
        expiresAtMs = long.MaxValue;
        foreach (var entry in _entries.Values)
            expiresAtMs = Math.Min(expiresAtMs, entry.ExpiresAtMs);
        return _entries.Count > 0;
    }

    private void Remove(ConnectionId key, Entry entry, bool shed)
    {
        _entries.Remove(key);
        DatagramCount -= entry.Datagrams.Count;
        foreach (var datagram in entry.Datagrams)
            TotalBytes -= datagram.Length;
        if (shed)
            Shed += entry.Datagrams.Count;
    }

    private PendingAddResult Refuse(PendingAddResult result)
    {
        Shed++;
        return result;
    }
}
