namespace ActorQuic.Protocol.Connection;

/// <summary>
/// The deadlines of one connection, one slot per <see cref="TimerKind"/>, and the earliest of them:
/// the owner schedules exactly one timer, at <see cref="Earliest"/> (DESIGN.md "one timer per
/// connection"). Pure and allocation-free; times are <see cref="TimeSpan"/>s since connection start.
/// </summary>
/// <remarks>
/// Typical use after every event: <c>lifecycle.ApplyTo(timers); timers.Set(TimerKind.LossDetection,
/// detector.LossDetectionTimer); …; arm(timers.Earliest)</c>; and when the timer fires:
/// <c>while (timers.TryTakeExpired(now, out var kind)) dispatch(kind)</c>. Once the connection is
/// closing or draining (<see cref="EnterClosingPeriod"/>), only <see cref="TimerKind.Close"/> is kept:
/// RFC 9000 §10.2.1 leaves a closing endpoint nothing to do but answer packets and wait.
/// </remarks>
public sealed class ConnectionTimers
{
    private const int KindCount = (int)TimerKind.EarlyDataHold + 1;

    private readonly TimeSpan[] _deadlines = new TimeSpan[KindCount];
    private int _armed; // bit per TimerKind

    /// <summary>True once only the close timer is tracked (closing, draining or closed).</summary>
    public bool IsClosingPeriod { get; private set; }

    /// <summary>Sets or (with null) clears the deadline of <paramref name="kind"/>; ignored for every kind but Close during the closing period.</summary>
    public void Set(TimerKind kind, TimeSpan? deadline)
    {
        int bit = 1 << (int)kind;
        if (deadline is { } at && (!IsClosingPeriod || kind == TimerKind.Close))
        {
            _deadlines[(int)kind] = at;
            _armed |= bit;
        }
        else
        {
            _armed &= ~bit;
        }
    }

    /// <summary>Clears the deadline of <paramref name="kind"/>.</summary>
    public void Clear(TimerKind kind) => _armed &= ~(1 << (int)kind);

    /// <summary>The deadline of <paramref name="kind"/>, or null when it is not armed.</summary>
    public TimeSpan? Get(TimerKind kind) => (_armed & (1 << (int)kind)) != 0 ? _deadlines[(int)kind] : null;

    /// <summary>Drops every deadline but the close timer and ignores later ones (RFC 9000 §10.2.1, §10.2.2).</summary>
    public void EnterClosingPeriod()
    {
        IsClosingPeriod = true;
        _armed &= 1 << (int)TimerKind.Close;
    }

    /// <summary>The earliest armed deadline, or null when nothing is armed (then no timer is needed).</summary>
    public TimeSpan? Earliest => TryGetEarliest(out var at, out _) ? at : null;

    /// <summary>The earliest armed deadline and its kind; on a tie, the lower <see cref="TimerKind"/> wins.</summary>
    public bool TryGetEarliest(out TimeSpan deadline, out TimerKind kind)
    {
        deadline = default;
        kind = default;
        bool found = false;
        for (int i = 0; i < KindCount; i++)
        {
            if ((_armed & (1 << i)) == 0) continue;
            if (!found || _deadlines[i] < deadline)
            {
                deadline = _deadlines[i];
                kind = (TimerKind)i;
                found = true;
            }
        }
        return found;
    }

    /// <summary>
    /// Takes (clears and returns) the earliest deadline at or before <paramref name="now"/>. Call it in
    /// a loop to handle every expired kind in deadline order; re-arm the kinds that are still needed.
    /// </summary>
    public bool TryTakeExpired(TimeSpan now, out TimerKind kind)
    {
        if (TryGetEarliest(out var deadline, out kind) && deadline <= now)
        {
            Clear(kind);
            return true;
        }
        kind = default;
        return false;
    }
}
