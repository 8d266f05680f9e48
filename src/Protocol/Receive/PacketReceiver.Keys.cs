using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Receive;

/// <summary>Read keys per level: installation, discard (RFC 9001 §4.9), key update (§6), AEAD limits (§6.6).</summary>
public sealed partial class PacketReceiver
{
    // Initial, 0-RTT and Handshake keys; 1-RTT keys live in _oneRtt with their generations.
    private readonly PacketProtection?[] _keys = new PacketProtection?[LevelCount];
    private readonly bool[] _discarded = new bool[LevelCount];
    private readonly ulong? _integrityLimitOverride;
    private OneRttReadKeys? _oneRtt;
    private bool _handshakeComplete;
    private ulong _integrityLimit = ulong.MaxValue;
    private bool _aeadLimitReached;

    /// <summary>
    /// How long previous 1-RTT read keys live after the first packet with newer keys: about
    /// three times the PTO (RFC 9001 §6.5). The owner keeps it current as the RTT changes.
    /// </summary>
    public TimeSpan PreviousKeyRetention { get; set; }

    /// <summary>Packets that failed authentication over the connection's life, across all keys (RFC 9001 §6.6).</summary>
    public ulong AuthenticationFailures { get; private set; }

    /// <summary>
    /// Failed authentications tolerated before AEAD_LIMIT_REACHED: the configured override, or
    /// the smallest limit among the cipher suites installed so far (RFC 9001 §6.6).
    /// </summary>
    public ulong IntegrityLimit => _integrityLimitOverride ?? _integrityLimit;

    /// <summary>True once the integrity limit was exceeded; nothing is processed afterwards (RFC 9001 §6.6).</summary>
    public bool AeadLimitReached => _aeadLimitReached;

    /// <summary>True once <see cref="OnHandshakeCompleted"/> was called: 1-RTT packets are processed from then on.</summary>
    public bool IsHandshakeComplete => _handshakeComplete;

    /// <summary>The current 1-RTT read key generation (0 before any update); null without 1-RTT keys.</summary>
    public ulong? OneRttKeyGeneration => _oneRtt?.Generation;

    /// <summary>True while the previous 1-RTT read keys are kept for reordered packets (RFC 9001 §6.5).</summary>
    public bool HasPreviousOneRttKeys => _oneRtt?.HasPreviousKeys ?? false;

    /// <summary>When the previous 1-RTT keys expire (for the owner's single timer); null when none is scheduled.</summary>
    public TimeSpan? KeyDiscardDeadline => _oneRtt?.PreviousKeysDiscardAt;

    /// <summary>True when keys for <paramref name="level"/> are installed and not discarded.</summary>
    public bool HasKeys(EncryptionLevel level) =>
        level == EncryptionLevel.OneRtt ? _oneRtt is not null : _keys[(int)level] is not null;

    public bool IsDiscarded(EncryptionLevel level) => _discarded[(int)level];

    /// <summary>
    /// Installs the read keys of a level, taking ownership. Initial keys may be replaced (after
    /// a Retry the client derives them from the new DCID, RFC 9001 §5.2); other levels are
    /// installed once. 1-RTT keys are the first generation; later ones are derived here
    /// (RFC 9001 §6.1). Call <see cref="ReplayStashed"/> afterwards to process packets that
    /// waited for these keys.
    /// </summary>
    /// <exception cref="InvalidOperationException">The level was discarded or is already installed: a caller bug.</exception>
    public void InstallKeys(EncryptionLevel level, PacketProtection keys)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(keys);
        if ((uint)level >= LevelCount)
            throw new ArgumentOutOfRangeException(nameof(level), level, "unknown encryption level");
        if (_discarded[(int)level])
            throw new InvalidOperationException($"{level} keys were discarded; they cannot come back (RFC 9001 §4.9)");
        if (level == EncryptionLevel.OneRtt)
        {
            if (_oneRtt is not null)
                throw new InvalidOperationException("1-RTT keys are installed once; later generations come from key updates");
            _oneRtt = new OneRttReadKeys(keys);
        }
        else
        {
            var existing = _keys[(int)level];
            if (existing is not null)
            {
                if (level != EncryptionLevel.Initial)
                    throw new InvalidOperationException($"{level} keys are already installed");
                if (!ReferenceEquals(existing, keys))
                    existing.Dispose();
            }
            _keys[(int)level] = keys;
        }
        _integrityLimit = Math.Min(_integrityLimit, keys.IntegrityLimit);
    }

    /// <summary>
    /// Discards a level's read keys for good (RFC 9001 §4.9): later packets of that level are
    /// dropped, stashed ones are forgotten, and its space no longer asks for acknowledgments
    /// (RFC 9002 §6.4). Also use it for a level whose keys will never come (0-RTT rejected).
    /// Returns how many stashed packets were dropped.
    /// </summary>
    public int DiscardKeys(EncryptionLevel level)
    {
        if ((uint)level >= LevelCount)
            throw new ArgumentOutOfRangeException(nameof(level), level, "unknown encryption level");
        _discarded[(int)level] = true;
        if (level == EncryptionLevel.OneRtt)
        {
            _oneRtt?.Dispose();
            _oneRtt = null;
        }
        else
        {
            _keys[(int)level]?.Dispose();
            _keys[(int)level] = null;
        }
        return _stash.Clear(level);
    }

    /// <summary>
    /// The TLS handshake completed: 1-RTT packets may be processed from now on (RFC 9001 §5.7:
    /// neither role may process them earlier, even with the keys). Call
    /// <see cref="ReplayStashed"/> afterwards.
    /// </summary>
    public void OnHandshakeCompleted() => _handshakeComplete = true;

    /// <summary>
    /// We initiated a key update (RFC 9001 §6.1): the read keys move to the next generation too,
    /// expecting the new Key Phase from the peer; the old keys stay as the previous generation
    /// until <see cref="PreviousKeyRetention"/> after the first packet with the new keys.
    /// The caller enforces when an update is allowed (handshake confirmed, current phase acknowledged).
    /// </summary>
    /// <exception cref="InvalidOperationException">No 1-RTT keys, or the handshake is not complete.</exception>
    public void OnLocalKeyUpdateInitiated()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_oneRtt is null || !_handshakeComplete)
            throw new InvalidOperationException("a key update needs 1-RTT keys and a complete handshake (RFC 9001 §6.1)");
        _oneRtt.OnLocalUpdate();
    }

    /// <summary>Drops the previous 1-RTT keys now, e.g. on the owner's key-discard timer.</summary>
    public void DiscardPreviousKeys() => _oneRtt?.DiscardPrevious();

    /// <summary>Drops the previous 1-RTT keys if <see cref="KeyDiscardDeadline"/> has passed; true if it did.</summary>
    public bool DiscardExpiredKeys(TimeSpan now) => _oneRtt?.DiscardPreviousIfDue(now) ?? false;

    /// <summary>RFC 9001 §6.6: exceeding the integrity limit closes the connection.</summary>
    private void OnAuthenticationFailure()
    {
        AuthenticationFailures++;
        if (AuthenticationFailures > IntegrityLimit)
        {
            _aeadLimitReached = true;
            throw new QuicProtocolException(TransportErrorCode.AeadLimitReached,
                $"{AuthenticationFailures} packets failed authentication, limit {IntegrityLimit} (RFC 9001 §6.6)");
        }
    }

    private LevelState GetLevelState(EncryptionLevel level)
    {
        if (_discarded[(int)level])
            return LevelState.Unusable;
        // RFC 9001 §5.6: a client MUST NOT decrypt 0-RTT packets and MUST discard them.
        if (level == EncryptionLevel.ZeroRtt && !_isServer)
            return LevelState.Unusable;
        if (!HasKeys(level))
            // Initial keys exist before any Initial can be received (the client makes them; the
            // server makes them from the first Initial), so missing ones will not arrive.
            return level == EncryptionLevel.Initial ? LevelState.Unusable : LevelState.Pending;
        // RFC 9001 §5.7: no 1-RTT processing before the handshake completes.
        if (level == EncryptionLevel.OneRtt && !_handshakeComplete)
            return LevelState.Pending;
        return LevelState.Ready;
    }

    private enum LevelState : byte
    {
        Ready,
        Pending,
        Unusable,
    }
}
