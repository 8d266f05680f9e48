namespace ActorQuic.Protocol.Connection;

/// <summary>Settings of a <see cref="ConnectionLifecycle"/>. Call <see cref="Validate"/> before use (the lifecycle does).</summary>
public sealed class ConnectionLifecycleOptions
{
    /// <summary>The default local max_idle_timeout (30 s).</summary>
    public static readonly TimeSpan DefaultMaxIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The max_idle_timeout this endpoint advertises (RFC 9000 §18.2); <see cref="TimeSpan.Zero"/>
    /// advertises none. Must match the transport parameter actually sent. Whole milliseconds.
    /// </summary>
    public TimeSpan MaxIdleTimeout { get; init; } = DefaultMaxIdleTimeout;

    /// <summary>
    /// When set, a PING is requested once no ack-eliciting packet was sent for this long after the
    /// handshake completed (RFC 9000 §10.1.2). Must be shorter than <see cref="MaxIdleTimeout"/>
    /// when that is set; it is further capped at half the negotiated idle timeout. Null: off.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>
    /// Answer a peer's CONNECTION_CLOSE with one CONNECTION_CLOSE (NO_ERROR) before draining
    /// (RFC 9000 §10.2.2 MAY). Default true: it tells a peer still in the handshake that we heard it.
    /// </summary>
    public bool RespondToPeerClose { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (MaxIdleTimeout < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxIdleTimeout), MaxIdleTimeout, "must not be negative");
        if (KeepAliveInterval is { } keepAlive)
        {
            if (keepAlive <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), keepAlive, "must be positive");
            if (MaxIdleTimeout > TimeSpan.Zero && keepAlive >= MaxIdleTimeout)
                throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), keepAlive,
                    $"must be shorter than {nameof(MaxIdleTimeout)} ({MaxIdleTimeout})");
        }
    }
}
