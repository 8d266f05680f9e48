namespace ActorQuic.Protocol.Connection;

/// <summary>
/// The deadlines a connection tracks; the owner schedules one timer for the earliest of them
/// (DESIGN.md: at most one scheduled timer per connection). When two fall due at the same time
/// the lower value is reported first.
/// </summary>
public enum TimerKind : byte
{
    /// <summary>The closing or draining period ends (RFC 9000 §10.2). Owned by <see cref="ConnectionLifecycle"/>.</summary>
    Close,

    /// <summary>The idle timeout (RFC 9000 §10.1). Owned by <see cref="ConnectionLifecycle"/>.</summary>
    Idle,

    /// <summary>Loss detection or PTO (RFC 9002 §6): the loss detector's timer.</summary>
    LossDetection,

    /// <summary>An ACK is due (RFC 9000 §13.2.1): the earliest ACK tracker deadline.</summary>
    AckDelay,

    /// <summary>Pacing allows the next send (RFC 9002 §7.7).</summary>
    Pacing,

    /// <summary>Path validation gives up or retries (RFC 9000 §8.2.4).</summary>
    PathValidation,

    /// <summary>The server's 0-RTT keys are due to be discarded (RFC 9001 §4.9.3). Owned by <see cref="ConnectionLifecycle"/>.</summary>
    ZeroRttKeyDiscard,

    /// <summary>The previous 1-RTT read keys are due to be discarded after a key update (RFC 9001 §6.5).</summary>
    OldKeyDiscard,

    /// <summary>Send a PING to defer the idle timeout (RFC 9000 §10.1.2). Owned by <see cref="ConnectionLifecycle"/>.</summary>
    KeepAlive,

    /// <summary>A client holding its first flight for 0-RTT data sends it now at the latest. Owned by the sender.</summary>
    EarlyDataHold,
}
