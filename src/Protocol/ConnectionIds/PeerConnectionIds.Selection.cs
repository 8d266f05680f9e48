using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

public sealed partial class PeerConnectionIds
{
    private Entry _current;
    // RETIRE_CONNECTION_ID frames waiting to be sent, and those sent but not yet acknowledged.
    private readonly List<ulong> _pendingRetirements = [];
    private readonly List<ulong> _unackedRetirements = [];

    /// <summary>The Destination Connection ID to send with on the current path.</summary>
    public ConnectionId Current => _current.ConnectionId;

    public ulong CurrentSequenceNumber => _current.SequenceNumber;

    /// <summary>
    /// False when the peer's Retire Prior To retired every ID we held and no replacement has
    /// arrived: nothing may be sent until one does (§5.1.2).
    /// </summary>
    public bool HasUsableConnectionId => !_current.Retired;

    /// <summary>Active IDs never sent on, available for a new path or a rotation (§9.5).</summary>
    public int UnusedCount
    {
        get
        {
            int unused = 0;
            foreach (var entry in _active)
                if (!entry.Used) unused++;
            return unused;
        }
    }

    /// <summary>RETIRE_CONNECTION_ID frames queued or in flight without acknowledgment.</summary>
    public int UnackedRetirements => _pendingRetirements.Count + _unackedRetirements.Count;

    public bool HasPendingFrames => _pendingRetirements.Count > 0;

    /// <summary>
    /// Takes the lowest unused ID for a new path, e.g. to probe from a new local address or to
    /// answer on a new peer address (§9.5: a connection ID MUST NOT be reused across paths). The
    /// current ID does not change; see <see cref="SwitchTo"/>.
    /// </summary>
    public bool TryAcquireUnused(out ulong sequenceNumber, out ConnectionId connectionId)
    {
        foreach (var entry in _active)
        {
            if (entry.Used) continue;
            entry.Used = true;
            sequenceNumber = entry.SequenceNumber;
            connectionId = entry.ConnectionId;
            return true;
        }
        sequenceNumber = 0;
        connectionId = default;
        return false;
    }

    /// <summary>Makes an active ID the one <see cref="Current"/> returns, e.g. once a migration completes.</summary>
    public void SwitchTo(ulong sequenceNumber)
    {
        int index = IndexOfSequence(sequenceNumber);
        if (index < 0) throw new InvalidOperationException($"sequence number {sequenceNumber} is not an active connection ID");
        _current = _active[index];
        _current.Used = true;
    }

    /// <summary>
    /// Stops using an ID (§5.1.2: SHOULD retire IDs no longer used for either address) and queues
    /// RETIRE_CONNECTION_ID, which also asks the peer for a replacement (§19.16). The current ID
    /// cannot be retired: switch first. No-op if already retired.
    /// </summary>
    public void Retire(ulong sequenceNumber)
    {
        if (IsZeroLength) throw new InvalidOperationException("zero-length connection IDs cannot be retired (§19.16)");
        int index = IndexOfSequence(sequenceNumber);
        if (index < 0) return;
        if (ReferenceEquals(_active[index], _current))
            throw new InvalidOperationException("switch to another connection ID before retiring the current one");
        RetireAt(index);
    }

    /// <summary>
    /// Moves to an unused ID and retires the current one (§9.5: a new ID after a period of
    /// inactivity or on migration). False when none is unused, or when as many retirements as
    /// our limit already await acknowledgment: our own rotations must leave the peer's Retire
    /// Prior To the room §5.1.2 asks us to track.
    /// </summary>
    public bool TryRotate()
    {
        if (IsZeroLength || (ulong)UnackedRetirements >= _limit || !TryAcquireUnused(out ulong sequence, out _)) return false;
        var previous = _current;
        SwitchTo(sequence);
        if (!previous.Retired) Retire(previous.SequenceNumber);
        return true;
    }

    /// <summary>The next RETIRE_CONNECTION_ID to send; it then counts as in flight until acknowledged or lost.</summary>
    public bool TryDequeueFrame(out RetireConnectionIdFrame frame)
    {
        if (_pendingRetirements.Count == 0)
        {
            frame = default;
            return false;
        }
        ulong sequence = _pendingRetirements[0];
        _pendingRetirements.RemoveAt(0);
        _unackedRetirements.Add(sequence);
        frame = new RetireConnectionIdFrame(sequence);
        return true;
    }

    /// <summary>The frame reached the peer: stop tracking it (§5.1.2 bounds unacknowledged retirements).</summary>
    public void OnFrameAcked(RetireConnectionIdFrame frame)
    {
        // Any copy arriving retires the ID for good; a copy queued after a spurious loss need not go out.
        _unackedRetirements.Remove(frame.SequenceNumber);
        _pendingRetirements.Remove(frame.SequenceNumber);
    }

    /// <summary>Retirement is final, so a lost RETIRE_CONNECTION_ID is always sent again (§13.3).</summary>
    public void OnFrameLost(RetireConnectionIdFrame frame)
    {
        if (!_unackedRetirements.Remove(frame.SequenceNumber)) return;
        if (!_pendingRetirements.Contains(frame.SequenceNumber)) _pendingRetirements.Add(frame.SequenceNumber);
    }

    private void RetireAt(int index)
    {
        var entry = _active[index];
        _active.RemoveAt(index);
        entry.Retired = true;
        QueueRetirement(entry.SequenceNumber);
    }

    private void QueueRetirement(ulong sequenceNumber)
    {
        _retired.Add(sequenceNumber, sequenceNumber + 1);
        _pendingRetirements.Add(sequenceNumber);
    }

    /// <summary>
    /// The peer retired the ID we were sending with: §5.1.2 says stop using it at once. Prefer an
    /// unused ID (§9.5); failing that, one in use on another path beats sending nothing.
    /// </summary>
    private void SwitchToLowestActive()
    {
        if (_active.Count == 0) return;
        foreach (var entry in _active)
        {
            if (entry.Used) continue;
            SwitchTo(entry.SequenceNumber);
            return;
        }
        SwitchTo(_active[0].SequenceNumber);
    }
}
