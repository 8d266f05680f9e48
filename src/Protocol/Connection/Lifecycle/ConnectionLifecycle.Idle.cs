namespace ActorQuic.Protocol.Connection;

/// <summary>The idle timeout (RFC 9000 §10.1), keep-alive (§10.1.2), timers and their expiry.</summary>
public sealed partial class ConnectionLifecycle
{
    /// <summary>
    /// Idle timeouts above this are treated as this (about 31 years): max_idle_timeout may be up to
    /// 2^62 − 1 ms, beyond what a <see cref="TimeSpan"/> holds.
    /// </summary>
    private static readonly TimeSpan MaxIdleTimeoutValue = TimeSpan.FromDays(365L * 31);

    private TimeSpan? _peerMaxIdleTimeout;
    private TimeSpan _idleRestart;
    private bool _ackElicitingSentSinceReceive;
    private TimeSpan _lastAckElicitingSent;
    private TimeSpan _keepAliveBase;

    /// <summary>
    /// The negotiated idle timeout before the PTO floor (RFC 9000 §10.1): the minimum of both
    /// advertised values, or the only non-zero one; null when neither side advertises one. Until
    /// the peer's transport parameters arrive only the local value counts.
    /// </summary>
    public TimeSpan? EffectiveIdleTimeout
    {
        get
        {
            TimeSpan local = _options.MaxIdleTimeout;
            TimeSpan peer = _peerMaxIdleTimeout ?? TimeSpan.Zero;
            if (local == TimeSpan.Zero) return peer == TimeSpan.Zero ? null : peer;
            if (peer == TimeSpan.Zero) return local;
            return local < peer ? local : peer;
        }
    }

    /// <summary>
    /// When the connection times out for idleness, or null (disabled, or not open). The period is
    /// at least 3 × <see cref="Pto"/> (RFC 9000 §10.1 MUST), so several probes can be lost first.
    /// </summary>
    public TimeSpan? IdleDeadline
    {
        get
        {
            if (!IsActive || EffectiveIdleTimeout is not { } idle) return null;
            TimeSpan floor = ThreeTimes(Pto);
            return SaturatingAdd(_idleRestart, idle > floor ? idle : floor);
        }
    }

    /// <summary>The keep-alive interval in force: the option, capped at half the negotiated idle timeout; null when off.</summary>
    public TimeSpan? KeepAliveInterval
    {
        get
        {
            if (_options.KeepAliveInterval is not { } interval) return null;
            // Half the idle timeout leaves time for the PING and its ACK to cross before expiry.
            if (EffectiveIdleTimeout is { } idle && interval > idle / 2) interval = idle / 2;
            return interval;
        }
    }

    /// <summary>
    /// When a keep-alive PING is due (RFC 9000 §10.1.2): one interval after the last ack-eliciting
    /// packet sent (or the handshake completing, or the last PING requested); null when off, during
    /// the handshake (PTO probes keep it alive) or once closing.
    /// </summary>
    public TimeSpan? KeepAliveDeadline
    {
        get
        {
            if (State is not (ConnectionState.Established or ConnectionState.Confirmed) || KeepAliveInterval is not { } interval)
                return null;
            TimeSpan from = _lastAckElicitingSent > _keepAliveBase ? _lastAckElicitingSent : _keepAliveBase;
            return SaturatingAdd(from, interval);
        }
    }

    /// <summary>
    /// The peer's max_idle_timeout transport parameter in milliseconds (RFC 9000 §18.2; 0 = none).
    /// </summary>
    public void OnPeerTransportParameters(ulong maxIdleTimeoutMs)
    {
        if (!IsActive) return;
        _peerMaxIdleTimeout = maxIdleTimeoutMs >= (ulong)MaxIdleTimeoutValue.TotalMilliseconds
            ? MaxIdleTimeoutValue
            : TimeSpan.FromMilliseconds(maxIdleTimeoutMs);
    }

    /// <summary>
    /// A packet from the peer was received and processed successfully (authenticated). While open
    /// it restarts the idle timer (RFC 9000 §10.1). While closing it may call for the
    /// CONNECTION_CLOSE again (RFC 9000 §10.2.1, rate-limited); while draining it does nothing.
    /// For a packet carrying CONNECTION_CLOSE call <see cref="OnConnectionCloseReceived"/> first,
    /// so that a closing endpoint drains instead of answering.
    /// </summary>
    public LifecycleActions OnPacketReceived(TimeSpan now)
    {
        switch (State)
        {
            case ConnectionState.Closing:
                return OnPacketReceivedWhileClosing();
            case ConnectionState.Draining or ConnectionState.Closed:
                return LifecycleActions.None;
            default:
                _idleRestart = now;
                _ackElicitingSentSinceReceive = false;
                return LifecycleActions.None;
        }
    }

    /// <summary>
    /// An ack-eliciting packet was sent. Restarts the idle timer only if it is the first since the
    /// last packet received (RFC 9000 §10.1), and restarts the keep-alive interval.
    /// </summary>
    public void OnAckElicitingSent(TimeSpan now)
    {
        if (!IsActive) return;
        _lastAckElicitingSent = now;
        if (_ackElicitingSentSinceReceive) return;
        _ackElicitingSentSinceReceive = true;
        _idleRestart = now;
    }

    /// <summary>
    /// Handles every lifecycle deadline at or before <paramref name="now"/>: the end of the closing
    /// or draining period (→ Closed), the idle timeout (→ Closed silently, RFC 9000 §10.1: no
    /// CONNECTION_CLOSE, no closing period), the 0-RTT key discard, and keep-alive (send a PING).
    /// Calling it early is harmless.
    /// </summary>
    public LifecycleActions OnTimeout(TimeSpan now)
    {
        switch (State)
        {
            case ConnectionState.Closed:
                return LifecycleActions.None;
            case ConnectionState.Closing or ConnectionState.Draining:
                if (now < _closeEnd) return LifecycleActions.None;
                State = ConnectionState.Closed;
                return LifecycleActions.Closed;
        }

        if (IdleDeadline <= now)
        {
            State = ConnectionState.Closed;
            CloseInfo = CloseInfo.Silent(CloseSource.IdleTimeout);
            return LifecycleActions.Terminated | LifecycleActions.Closed;
        }

        var actions = LifecycleActions.None;
        if (_zeroRttDiscardAt <= now)
            actions |= Discard(EncryptionLevel.ZeroRtt, LifecycleActions.DiscardZeroRttKeys);
        if (KeepAliveDeadline <= now)
        {
            // Counted from the request, so that the deadline moves on even before the PING is sent.
            _keepAliveBase = now;
            actions |= LifecycleActions.SendPing;
        }
        return actions;
    }

    /// <summary>The earliest of this lifecycle's own deadlines (close, idle, keep-alive, 0-RTT key discard), or null.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (!IsActive) return State == ConnectionState.Closed ? null : _closeEnd;
            TimeSpan? next = IdleDeadline;
            next = Min(next, KeepAliveDeadline);
            return Min(next, _zeroRttDiscardAt);
        }
    }

    /// <summary>
    /// Copies this lifecycle's deadlines into <paramref name="timers"/> (kinds Close, Idle, KeepAlive
    /// and ZeroRttKeyDiscard). Once closing or draining, <paramref name="timers"/> keeps only the
    /// close timer (<see cref="ConnectionTimers.EnterClosingPeriod"/>).
    /// </summary>
    public void ApplyTo(ConnectionTimers timers)
    {
        ArgumentNullException.ThrowIfNull(timers);
        if (!IsActive)
        {
            timers.EnterClosingPeriod();
            timers.Set(TimerKind.Close, State == ConnectionState.Closed ? null : _closeEnd);
            return;
        }
        timers.Set(TimerKind.Close, null);
        timers.Set(TimerKind.Idle, IdleDeadline);
        timers.Set(TimerKind.KeepAlive, KeepAliveDeadline);
        timers.Set(TimerKind.ZeroRttKeyDiscard, _zeroRttDiscardAt);
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) =>
        a is not { } x ? b : b is not { } y ? a : x < y ? x : y;

    private static TimeSpan ThreeTimes(TimeSpan pto) =>
        pto.Ticks > TimeSpan.MaxValue.Ticks / 3 ? TimeSpan.MaxValue : TimeSpan.FromTicks(pto.Ticks * 3);
}
