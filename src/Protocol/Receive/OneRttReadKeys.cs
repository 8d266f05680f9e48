using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Receive;

/// <summary>
/// The 1-RTT read keys across key updates (RFC 9001 §6): the current generation, the next one
/// computed in advance (§6.3) so an apparent update costs no key derivation on the packet path,
/// and the previous one kept for reordered packets until a deadline (§6.5). Also tracks the
/// packet numbers opened with the current keys, which choose between previous and next keys
/// for packets with the other Key Phase (§6.5) and detect a peer that used newer keys for
/// lower packet numbers (§6.4).
/// </summary>
internal sealed class OneRttReadKeys : IDisposable
{
    private PacketProtection _current;
    private PacketProtection _next;
    private PacketProtection? _previous;
    private bool _hasCurrentPacket;
    private ulong _currentSmallest;
    private ulong _currentLargest;
    // After a local update the previous keys stay until a packet with the new keys arrives
    // (RFC 9001 §6.1 MUST); the retention clock starts then.
    private bool _previousAwaitsNewKeyPacket;

    public OneRttReadKeys(PacketProtection first)
    {
        _current = first;
        _next = first.NextGeneration();
    }

    /// <summary>The generation of the current keys; its low bit is the expected Key Phase.</summary>
    public ulong Generation { get; private set; }

    public bool CurrentKeyPhase => (Generation & 1) != 0;

    /// <summary>Header protection is the same for every generation (RFC 9001 §6.1).</summary>
    public PacketProtection HeaderProtection => _current;

    public PacketProtection Current => _current;

    public bool HasPreviousKeys => _previous is not null;

    /// <summary>When the previous generation is dropped; null when there is none or its clock has not started.</summary>
    public TimeSpan? PreviousKeysDiscardAt { get; private set; }

    /// <summary>
    /// Picks the keys for a packet by its Key Phase and number, before any decryption (RFC 9001
    /// §6.5): the current keys for the current phase; for the other phase, the previous keys when
    /// the number is below every packet opened with the current keys, otherwise the next keys.
    /// </summary>
    public KeyChoice Select(bool keyPhase, ulong packetNumber)
    {
        if (keyPhase == CurrentKeyPhase)
            return KeyChoice.Current;
        if (_previous is not null && (!_hasCurrentPacket || packetNumber < _currentSmallest))
            return KeyChoice.Previous;
        return KeyChoice.Next;
    }

    public PacketProtection Get(KeyChoice choice) => choice switch
    {
        KeyChoice.Current => _current,
        KeyChoice.Next => _next,
        _ => _previous ?? throw new InvalidOperationException("no previous keys"),
    };

    /// <summary>
    /// Records a packet opened with <paramref name="choice"/>; rotates when the next keys opened
    /// it, which means the peer initiated a key update (RFC 9001 §6.2). Returns true then.
    /// </summary>
    /// <exception cref="QuicProtocolException">
    /// KEY_UPDATE_ERROR: the next keys opened a packet numbered below one the current keys
    /// opened, i.e. the peer protected a higher packet number with older keys (RFC 9001 §6.4).
    /// </exception>
    public bool OnOpened(KeyChoice choice, ulong packetNumber, TimeSpan now, TimeSpan retention)
    {
        switch (choice)
        {
            case KeyChoice.Current:
                if (!_hasCurrentPacket)
                {
                    _hasCurrentPacket = true;
                    _currentSmallest = _currentLargest = packetNumber;
                }
                else
                {
                    _currentSmallest = Math.Min(_currentSmallest, packetNumber);
                    _currentLargest = Math.Max(_currentLargest, packetNumber);
                }
                if (_previousAwaitsNewKeyPacket)
                {
                    _previousAwaitsNewKeyPacket = false;
                    PreviousKeysDiscardAt = now + retention; // RFC 9001 §6.5: about 3 PTO
                }
                return false;

            case KeyChoice.Previous:
                // Select only picks these below every current-key packet, so the §6.4 ordering holds.
                return false;

            default:
                if (_hasCurrentPacket && packetNumber < _currentLargest)
                    throw new QuicProtocolException(TransportErrorCode.KeyUpdateError,
                        $"packet {packetNumber} uses newer keys than packet {_currentLargest} (RFC 9001 §6.4)");
                Rotate();
                _hasCurrentPacket = true;
                _currentSmallest = _currentLargest = packetNumber;
                PreviousKeysDiscardAt = now + retention;
                return true;
        }
    }

    /// <summary>
    /// We initiated a key update (RFC 9001 §6.1): the peer will answer in the new phase, and
    /// packets it sent before seeing ours still use the old keys, now the previous ones.
    /// </summary>
    public void OnLocalUpdate()
    {
        Rotate();
        _hasCurrentPacket = false;
        PreviousKeysDiscardAt = null;
        _previousAwaitsNewKeyPacket = true;
    }

    /// <summary>Drops the previous keys once their deadline has passed (RFC 9001 §6.5).</summary>
    public bool DiscardPreviousIfDue(TimeSpan now)
    {
        if (_previous is null || PreviousKeysDiscardAt is not { } at || at > now)
            return false;
        DiscardPrevious();
        return true;
    }

    public void DiscardPrevious()
    {
        _previous?.Dispose();
        _previous = null;
        PreviousKeysDiscardAt = null;
        _previousAwaitsNewKeyPacket = false;
    }

    /// <summary>
    /// previous ← current ← next, and the new next is derived now, once per update rather than
    /// per packet, so later packets see no timing difference (RFC 9001 §6.3, §9.5).
    /// </summary>
    private void Rotate()
    {
        _previous?.Dispose();
        _previous = _current;
        _current = _next;
        _next = _current.NextGeneration();
        Generation++;
        _previousAwaitsNewKeyPacket = false;
    }

    public void Dispose()
    {
        _previous?.Dispose();
        _current.Dispose();
        _next.Dispose();
        _previous = null;
    }

    public enum KeyChoice : byte
    {
        Current,
        Next,
        Previous,
    }
}
