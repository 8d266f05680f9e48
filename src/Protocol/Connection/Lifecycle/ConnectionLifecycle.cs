using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Connection;

/// <summary>
/// The lifecycle of one connection as a pure state machine (RFC 9000 §10, RFC 9001 §4.1 and §4.9):
/// handshake progress (complete, confirmed, HANDSHAKE_DONE), which keys to discard and when, the
/// idle timeout and keep-alive, and immediate close with its closing and draining periods.
/// </summary>
/// <remarks>
/// The connection actor owns one instance. Every input takes "now" (a <see cref="TimeSpan"/>
/// since connection start; never read from a clock here) and returns the
/// <see cref="LifecycleActions"/> the owner must carry out. Deadlines are exposed as properties
/// and copied into a <see cref="ConnectionTimers"/> with <see cref="ApplyTo"/>; when the timer
/// fires, <see cref="OnTimeout"/> says what happened. Once <see cref="ConnectionState.Closed"/>,
/// every input is ignored. Not thread-safe: one owner.
/// </remarks>
public sealed partial class ConnectionLifecycle
{
    /// <summary>
    /// The PTO before any RTT sample: kInitialRtt 333 ms + 4 × 166.5 ms (RFC 9002 §6.2.2), no
    /// max_ack_delay (Initial space).
    /// </summary>
    public static readonly TimeSpan DefaultPto = TimeSpan.FromMilliseconds(999);

    private readonly ConnectionLifecycleOptions _options;
    private byte _keysAvailable; // bit per EncryptionLevel
    private byte _keysDiscarded; // bit per EncryptionLevel
    private bool _handshakeDoneReceived;
    private TimeSpan? _zeroRttDiscardAt;

    /// <param name="isServer">The role: a server confirms the handshake when it completes and sends HANDSHAKE_DONE.</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="now">When the connection starts: the idle timer runs from here (RFC 9000 §10.1).</param>
    public ConnectionLifecycle(bool isServer, ConnectionLifecycleOptions options, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IsServer = isServer;
        _options = options;
        _idleRestart = now;
        IsPeerAddressValidated = !isServer; // only a server limits what it sends to an unvalidated peer
        // Both roles derive Initial keys before the first packet (RFC 9001 §5.2).
        _keysAvailable = ConnectionClosePlan.Bit(EncryptionLevel.Initial);
    }

    public bool IsServer { get; }

    public ConnectionState State { get; private set; }

    /// <summary>How the connection ended; null while it is open (set with <see cref="LifecycleActions.Terminated"/>).</summary>
    public CloseInfo? CloseInfo { get; private set; }

    /// <summary>True once the handshake is complete (RFC 9001 §4.1.1), including after the connection ended.</summary>
    public bool IsHandshakeComplete { get; private set; }

    /// <summary>True once the handshake is confirmed (RFC 9001 §4.1.2), including after the connection ended.</summary>
    public bool IsHandshakeConfirmed { get; private set; }

    /// <summary>
    /// The server's view of whether the client's address is validated (RFC 9000 §8.1): after it
    /// processes a Handshake packet or a valid token. Always true at a client.
    /// </summary>
    public bool IsPeerAddressValidated { get; private set; }

    /// <summary>True while the connection is open: not closing, draining or closed.</summary>
    public bool IsActive => State < ConnectionState.Closing;

    /// <summary>
    /// The current PTO (RFC 9002 §6.2.1: smoothed_rtt + max(4 × rttvar, kGranularity) + max_ack_delay),
    /// which the owner updates as RTT samples arrive. It sets the idle timeout's floor of 3 × PTO
    /// (RFC 9000 §10.1) and the 0-RTT key retention (RFC 9001 §4.9.3).
    /// </summary>
    public TimeSpan Pto
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(Pto));
            field = value;
        }
    } = DefaultPto;

    /// <summary>True when keys for <paramref name="level"/> were installed and not discarded.</summary>
    public bool HasKeys(EncryptionLevel level) => (_keysAvailable & ~_keysDiscarded & ConnectionClosePlan.Bit(level)) != 0;

    /// <summary>True when keys for <paramref name="level"/> were discarded (RFC 9001 §4.9).</summary>
    public bool IsDiscarded(EncryptionLevel level) => (_keysDiscarded & ConnectionClosePlan.Bit(level)) != 0;

    /// <summary>When the server's 0-RTT keys will be discarded, or null (RFC 9001 §4.9.3).</summary>
    public TimeSpan? ZeroRttKeyDiscardDeadline => IsActive ? _zeroRttDiscardAt : null;

    /// <summary>
    /// The TLS stack reports the handshake complete (RFC 9001 §4.1.1). A server then confirms the
    /// handshake, must send HANDSHAKE_DONE and discards its Handshake keys (RFC 9001 §4.1.2, §4.9.2);
    /// a client waits for HANDSHAKE_DONE unless it already arrived.
    /// </summary>
    public LifecycleActions OnHandshakeComplete(TimeSpan now)
    {
        if (State != ConnectionState.Handshaking) return LifecycleActions.None;
        IsHandshakeComplete = true;
        State = ConnectionState.Established;
        _keepAliveBase = now; // keep-alive starts with the established connection; PTO covers the handshake
        if (IsServer) return LifecycleActions.SendHandshakeDone | Confirm();
        return _handshakeDoneReceived ? Confirm() : LifecycleActions.None;
    }

    /// <summary>
    /// A HANDSHAKE_DONE frame arrived (RFC 9000 §19.20): the client's handshake is confirmed. If it
    /// arrives before the client's TLS stack reports completion (the frame and the server's Finished
    /// can be processed in either order), confirmation waits for <see cref="OnHandshakeComplete"/>,
    /// so Handshake keys are never dropped before the client's Finished is sent.
    /// </summary>
    /// <exception cref="QuicProtocolException">PROTOCOL_VIOLATION at a server (RFC 9000 §19.20).</exception>
    public LifecycleActions OnHandshakeDoneReceived(TimeSpan now)
    {
        if (!IsActive) return LifecycleActions.None;
        if (IsServer)
        {
            throw new QuicProtocolException(
                TransportErrorCode.ProtocolViolation, "HANDSHAKE_DONE received by a server", (ulong)FrameType.HandshakeDone);
        }
        return ConfirmAtClient();
    }

    /// <summary>
    /// An ACK acknowledged a 1-RTT packet: a client MAY treat the handshake as confirmed (RFC 9001
    /// §4.1.2). The owner calls this when the largest acknowledged 1-RTT packet number is at least
    /// the first one it sent with 1-RTT keys. Ignored at a server.
    /// </summary>
    public LifecycleActions OnOneRttPacketAcknowledged(TimeSpan now) =>
        IsActive && !IsServer ? ConfirmAtClient() : LifecycleActions.None;

    private LifecycleActions ConfirmAtClient()
    {
        switch (State)
        {
            case ConnectionState.Handshaking:
                _handshakeDoneReceived = true;
                return LifecycleActions.None;
            case ConnectionState.Established:
                return Confirm();
            default:
                return LifecycleActions.None; // already confirmed: a repeated HANDSHAKE_DONE is harmless
        }
    }

    private LifecycleActions Confirm()
    {
        State = ConnectionState.Confirmed;
        IsHandshakeConfirmed = true;
        // RFC 9001 §4.9.2: Handshake keys go at confirmation. Initial keys are normally gone
        // already (§4.9.1); confirmation guarantees no Initial packet is needed any more either.
        return LifecycleActions.HandshakeConfirmed
               | Discard(EncryptionLevel.Initial, LifecycleActions.DiscardInitialKeys)
               | Discard(EncryptionLevel.Handshake, LifecycleActions.DiscardHandshakeKeys);
    }

    private LifecycleActions Discard(EncryptionLevel level, LifecycleActions action)
    {
        byte bit = ConnectionClosePlan.Bit(level);
        if ((_keysDiscarded & bit) != 0) return LifecycleActions.None;
        _keysDiscarded |= bit;
        if (level == EncryptionLevel.ZeroRtt) _zeroRttDiscardAt = null;
        return action;
    }
}
