namespace ActorQuic.Protocol.Connection;

/// <summary>Key availability and the key discard signals (RFC 9001 §4.9) and address validation (RFC 9000 §8.1).</summary>
public sealed partial class ConnectionLifecycle
{
    /// <summary>
    /// Keys for <paramref name="level"/> were installed (for a client's 0-RTT: write keys; for a
    /// server's: read keys). They decide where a CONNECTION_CLOSE can go (RFC 9000 §10.2.3). A
    /// client that installs 1-RTT keys discards its 0-RTT keys (RFC 9001 §4.9.3 SHOULD).
    /// </summary>
    public LifecycleActions OnKeysAvailable(EncryptionLevel level)
    {
        if (!IsActive || IsDiscarded(level)) return LifecycleActions.None;
        _keysAvailable |= ConnectionClosePlan.Bit(level);
        if (!IsServer && level == EncryptionLevel.OneRtt && HasKeys(EncryptionLevel.ZeroRtt))
            return Discard(EncryptionLevel.ZeroRtt, LifecycleActions.DiscardZeroRttKeys);
        return LifecycleActions.None;
    }

    /// <summary>
    /// A client learned that the server rejected 0-RTT (RFC 9001 §4.6.2): its 0-RTT keys are of no
    /// further use, so nothing more goes out with them. Nothing happens at a server or without the keys.
    /// </summary>
    public LifecycleActions OnZeroRttRejected() =>
        IsActive && !IsServer && HasKeys(EncryptionLevel.ZeroRtt)
            ? Discard(EncryptionLevel.ZeroRtt, LifecycleActions.DiscardZeroRttKeys)
            : LifecycleActions.None;

    /// <summary>
    /// The endpoint sent a Handshake packet. The first one at a client discards Initial keys
    /// (RFC 9001 §4.9.1: "a client MUST discard Initial keys when it first sends a Handshake
    /// packet"); later calls and calls at a server do nothing.
    /// </summary>
    public LifecycleActions OnHandshakePacketSent()
    {
        if (!IsActive || IsServer) return LifecycleActions.None;
        return Discard(EncryptionLevel.Initial, LifecycleActions.DiscardInitialKeys);
    }

    /// <summary>
    /// The endpoint successfully processed a Handshake packet. The first one at a server discards
    /// Initial keys (RFC 9001 §4.9.1) and validates the client's address (RFC 9000 §8.1: only the
    /// client can have produced it); later calls and calls at a client do nothing.
    /// </summary>
    public LifecycleActions OnHandshakePacketProcessed()
    {
        if (!IsActive || !IsServer) return LifecycleActions.None;
        return Discard(EncryptionLevel.Initial, LifecycleActions.DiscardInitialKeys) | ValidateAddress();
    }

    /// <summary>
    /// A server accepted a valid Retry or NEW_TOKEN token from the client (RFC 9000 §8.1.2, §8.1.3):
    /// the address is validated without waiting for a Handshake packet.
    /// </summary>
    public LifecycleActions OnAddressValidated() =>
        IsActive && IsServer ? ValidateAddress() : LifecycleActions.None;

    private LifecycleActions ValidateAddress()
    {
        if (IsPeerAddressValidated) return LifecycleActions.None;
        IsPeerAddressValidated = true;
        return LifecycleActions.AddressValidated;
    }

    /// <summary>
    /// A server processed a 1-RTT packet. The first one starts the 0-RTT key retention: 0-RTT
    /// packets reordered behind it may still arrive, so the keys are kept for 3 × PTO, the
    /// RECOMMENDED period (RFC 9001 §4.9.3), then <see cref="OnTimeout"/> discards them. Nothing
    /// happens at a client or without 0-RTT keys.
    /// </summary>
    public void OnOneRttPacketReceived(TimeSpan now)
    {
        if (!IsActive || !IsServer || _zeroRttDiscardAt.HasValue || !HasKeys(EncryptionLevel.ZeroRtt)) return;
        _zeroRttDiscardAt = SaturatingAdd(now, ThreeTimes(Pto));
    }

    /// <summary>Where a CONNECTION_CLOSE goes now (RFC 9000 §10.2.3), as a bit per <see cref="EncryptionLevel"/>.</summary>
    private byte ChooseCloseLevels()
    {
        byte usable = (byte)(_keysAvailable & ~_keysDiscarded);
        byte oneRtt = ConnectionClosePlan.Bit(EncryptionLevel.OneRtt);
        // After confirmation a CONNECTION_CLOSE MUST go in a 1-RTT packet, only there.
        if (IsHandshakeConfirmed) return (byte)(usable & oneRtt);

        // Before: every level the peer might read. A server cannot know whether the client has
        // Handshake keys, so it also uses Initial while it still can (SHOULD); a client's
        // Initial keys last until it sends a Handshake packet, by which time the server surely
        // reads Handshake — until then Initial it is. Handshake and 1-RTT both go when the peer
        // may not yet read 1-RTT packets.
        byte levels = (byte)(usable & ~ConnectionClosePlan.Bit(EncryptionLevel.ZeroRtt));

        // A client with only 0-RTT keys beyond Initial sends in 0-RTT and Initial: the server may
        // have rejected 0-RTT, and Initial at least carries the close, if not the application code.
        byte better = (byte)(ConnectionClosePlan.Bit(EncryptionLevel.Handshake) | oneRtt);
        if (!IsServer && (usable & better) == 0)
            levels |= (byte)(usable & ConnectionClosePlan.Bit(EncryptionLevel.ZeroRtt));
        return levels;
    }

    private static TimeSpan SaturatingAdd(TimeSpan a, TimeSpan b) =>
        a.Ticks > TimeSpan.MaxValue.Ticks - b.Ticks ? TimeSpan.MaxValue : a + b;
}
