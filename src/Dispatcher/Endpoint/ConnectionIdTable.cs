using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>
/// The endpoint's routing table: local connection IDs → connection, and the stateless reset
/// tokens peers issued → connection, with a per-connection index so a connection that stops
/// can be removed in one step. The router reads it through <see cref="IConnectionIdLookup{THandle}"/>.
/// One owner (the endpoint actor); not thread-safe.
/// </summary>
/// <remarks>
/// Reset tokens are keyed by a keyed hash (HMAC-SHA256 under a random per-table key), not by
/// their value: RFC 9000 §10.3.1 requires that looking a token up leaks nothing about stored
/// tokens through timing, and a hash table keyed by the token itself would (bucket choice and
/// comparisons depend on the bytes). An attacker cannot steer the HMAC without the key.
/// </remarks>
public sealed class ConnectionIdTable<THandle> : IConnectionIdLookup<THandle>
    where THandle : notnull
{
    private sealed class Owned
    {
        public readonly List<ConnectionId> ConnectionIds = new(2);
        public readonly List<StatelessResetToken> TokenKeys = new(2);
    }

    private readonly Dictionary<ConnectionId, THandle> _byConnectionId = new();
    private readonly Dictionary<StatelessResetToken, THandle> _byTokenKey = new();
    private readonly Dictionary<THandle, Owned> _owners = new();
    private readonly byte[] _tokenHashKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>Connection IDs routed.</summary>
    public int ConnectionIdCount => _byConnectionId.Count;

    /// <summary>Peer reset tokens watched for.</summary>
    public int PeerResetTokenCount => _byTokenKey.Count;

    public bool TryGet(ReadOnlySpan<byte> destinationConnectionId, [MaybeNullWhen(false)] out THandle handle)
    {
        // Long headers of unknown versions may carry up to 255 bytes (RFC 8999 §5.1): never ours.
        if (destinationConnectionId.Length > ConnectionId.MaxLength)
        {
            handle = default;
            return false;
        }
        return _byConnectionId.TryGetValue(new ConnectionId(destinationConnectionId), out handle);
    }

    public bool TryGetByStatelessResetToken(ReadOnlySpan<byte> token, [MaybeNullWhen(false)] out THandle handle)
    {
        handle = default;
        return token.Length == StatelessResetToken.Length
            && _byTokenKey.Count > 0
            && _byTokenKey.TryGetValue(KeyOf(token), out handle);
    }

    /// <summary>The owner of <paramref name="connectionId"/>, if any.</summary>
    public bool TryGetOwner(ConnectionId connectionId, [MaybeNullWhen(false)] out THandle handle) =>
        _byConnectionId.TryGetValue(connectionId, out handle);

    /// <summary>Connection IDs <paramref name="owner"/> has registered.</summary>
    public int CountFor(THandle owner) => _owners.TryGetValue(owner, out var owned) ? owned.ConnectionIds.Count : 0;

    /// <summary>Peer reset tokens <paramref name="owner"/> has registered.</summary>
    public int TokenCountFor(THandle owner) => _owners.TryGetValue(owner, out var owned) ? owned.TokenKeys.Count : 0;

    /// <summary>Routes <paramref name="connectionId"/> to <paramref name="owner"/>. True when added or already its own; false when another owns it.</summary>
    public bool TryAdd(ConnectionId connectionId, THandle owner)
    {
        if (_byConnectionId.TryGetValue(connectionId, out var existing))
            return EqualityComparer<THandle>.Default.Equals(existing, owner);
        _byConnectionId.Add(connectionId, owner);
        OwnedBy(owner).ConnectionIds.Add(connectionId);
        return true;
    }

    /// <summary>Stops routing <paramref name="connectionId"/>, if <paramref name="owner"/> owns it.</summary>
    public bool Remove(ConnectionId connectionId, THandle owner)
    {
        if (!_byConnectionId.TryGetValue(connectionId, out var existing) || !EqualityComparer<THandle>.Default.Equals(existing, owner))
            return false;
        _byConnectionId.Remove(connectionId);
        var owned = _owners[owner];
        owned.ConnectionIds.Remove(connectionId);
        ForgetIfEmpty(owner, owned);
        return true;
    }

    /// <summary>Watches for <paramref name="token"/> on behalf of <paramref name="owner"/>. False when another connection registered it first.</summary>
    public bool TryAddPeerResetToken(StatelessResetToken token, THandle owner)
    {
        var key = KeyOf(token.Span);
        if (_byTokenKey.TryGetValue(key, out var existing))
            return EqualityComparer<THandle>.Default.Equals(existing, owner);
        _byTokenKey.Add(key, owner);
        OwnedBy(owner).TokenKeys.Add(key);
        return true;
    }

    /// <summary>Stops watching for <paramref name="token"/>, if <paramref name="owner"/> registered it.</summary>
    public bool RemovePeerResetToken(StatelessResetToken token, THandle owner)
    {
        var key = KeyOf(token.Span);
        if (!_byTokenKey.TryGetValue(key, out var existing) || !EqualityComparer<THandle>.Default.Equals(existing, owner))
            return false;
        _byTokenKey.Remove(key);
        var owned = _owners[owner];
        owned.TokenKeys.Remove(key);
        ForgetIfEmpty(owner, owned);
        return true;
    }

    /// <summary>Removes everything <paramref name="owner"/> registered; returns how many connection IDs went.</summary>
    public int RemoveAll(THandle owner)
    {
        if (!_owners.Remove(owner, out var owned))
            return 0;
        foreach (var connectionId in owned.ConnectionIds)
            _byConnectionId.Remove(connectionId);
        foreach (var key in owned.TokenKeys)
            _byTokenKey.Remove(key);
        return owned.ConnectionIds.Count;
    }

    private Owned OwnedBy(THandle owner)
    {
        if (!_owners.TryGetValue(owner, out var owned))
        {
            owned = new Owned();
            _owners.Add(owner, owned);
        }
        return owned;
    }

    private void ForgetIfEmpty(THandle owner, Owned owned)
    {
        if (owned.ConnectionIds.Count == 0 && owned.TokenKeys.Count == 0)
            _owners.Remove(owner);
    }

    /// <summary>The table key of a token: the first 16 bytes of HMAC-SHA256(table key, token).</summary>
    private StatelessResetToken KeyOf(ReadOnlySpan<byte> token)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_tokenHashKey, token, mac);
        return new StatelessResetToken(mac[..StatelessResetToken.Length]);
    }
}
