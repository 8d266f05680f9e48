using System.Buffers.Binary;
using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.ConnectionIds;

public sealed partial class PathValidator<TPath>
{
    // Older data stays acceptable (a late PATH_RESPONSE still validates), up to this many per validation.
    private const int MaxChallengesPerValidation = 8;
    // Equal 64-bit random values mean a broken random source; give up rather than spin.
    private const int MaxDataAttempts = 16;

    // Data of every challenge still awaiting a response, and the path it was sent on.
    private readonly Dictionary<ulong, TPath> _outstanding = [];
    private readonly Queue<(TPath Path, ulong Data)> _pendingChallenges = new();
    // At most one PATH_RESPONSE per path, oldest first.
    private readonly List<(TPath Path, ulong Data)> _pendingResponses = [];
    private readonly Queue<PathValidationResult<TPath>> _results = new();

    public bool HasPendingChallenges => _pendingChallenges.Count > 0;

    public bool HasPendingResponses => _pendingResponses.Count > 0;

    public bool IsValidating(TPath path) => _paths.TryGetValue(path, out var state) && state.Validation is not null;

    /// <summary>
    /// Starts validating a path (§8.2.1): queues a PATH_CHALLENGE with unpredictable data, and arms
    /// a probe timer at the larger of the current and a new path's PTO, doubling on each expiry
    /// (§9.4: MUST NOT be more aggressive than the PTO), and a deadline of three times that (§8.2.4).
    /// False when a validation of this path is already under way (§9.3: only if not underway).
    /// </summary>
    public bool StartValidation(TPath path, TimeSpan now, TimeSpan currentPto)
    {
        var state = GetOrAdd(path);
        state.Touch = ++_touch;
        if (state.Validation is not null) return false;
        var interval = Max(currentPto, NewPathPto);
        var validation = new Validation
        {
            Deadline = now + GetValidationTimeout(currentPto),
            ProbeInterval = interval,
            NextProbeAt = now + interval,
        };
        state.Validation = validation;
        QueueChallenge(path, validation);
        return true;
    }

    /// <summary>Stops validating a path without a result, e.g. when migration moved elsewhere (§8.2.4, §9.3).</summary>
    public void Abandon(TPath path)
    {
        if (_paths.TryGetValue(path, out var state)) EndValidation(state);
    }

    /// <summary>The next PATH_CHALLENGE to send, on <paramref name="path"/>, one per packet (§8.2.1).</summary>
    public bool TryDequeueChallenge(out TPath path, out PathChallengeFrame frame)
    {
        while (_pendingChallenges.TryDequeue(out var challenge))
        {
            // Skip challenges whose validation ended while they waited.
            if (!_outstanding.ContainsKey(challenge.Data)) continue;
            path = challenge.Path;
            frame = new PathChallengeFrame(challenge.Data);
            return true;
        }
        path = default!;
        frame = default;
        return false;
    }

    /// <summary>
    /// Reports the size of the datagram a challenge went out in: a response to a challenge in a
    /// datagram of at least 1200 bytes also validates the path MTU (§8.2.1, §8.2.3).
    /// </summary>
    public void OnChallengeSent(PathChallengeFrame frame, int datagramLength)
    {
        if (datagramLength < MinExpandedDatagramSize || !TryFind(frame.Data, out _, out var validation, out int index)) return;
        validation.Challenges[index] = (frame.Data, true);
    }

    /// <summary>
    /// A packet with this challenge was declared lost: send a fresh challenge now (new data, §8.2.1)
    /// and restart the probe timer. The lost data stays acceptable in case the loss was spurious.
    /// </summary>
    public void OnChallengeLost(PathChallengeFrame frame, TimeSpan now)
    {
        if (!TryFind(frame.Data, out var path, out var validation, out _)) return;
        foreach (var pending in _pendingChallenges)
            if (_paths.Comparer.Equals(pending.Path, path) && _outstanding.ContainsKey(pending.Data)) return;
        QueueChallenge(path, validation);
        validation.NextProbeAt = now + validation.ProbeInterval;
    }

    /// <summary>
    /// Handles PATH_RESPONSE (§8.2.3): only data we sent counts, and a response arriving on any
    /// path validates the path its challenge was sent on. Unknown data is ignored rather than
    /// treated as PROTOCOL_VIOLATION (§19.18 MAY): it may answer a validation that already ended.
    /// </summary>
    /// <returns>Whether this response completed a validation.</returns>
    public bool OnPathResponse(PathResponseFrame frame)
    {
        if (!TryFind(frame.Data, out var path, out var validation, out int index)) return false;
        bool mtuValidated = validation.Challenges[index].Expanded;
        var state = _paths[path];
        state.Validated = true;
        EndValidation(state);
        _results.Enqueue(new PathValidationResult<TPath>(path, PathValidationOutcome.Succeeded, mtuValidated));
        return true;
    }

    /// <summary>
    /// Handles a peer's PATH_CHALLENGE (§8.2.2): queue a PATH_RESPONSE with the same data, to be
    /// sent on the path it arrived on. One pending response per path: a newer challenge replaces
    /// an older unanswered one, as any of the peer's outstanding data validates its path.
    /// </summary>
    public void OnPathChallenge(PathChallengeFrame frame, TPath receivedOn)
    {
        for (int i = 0; i < _pendingResponses.Count; i++)
        {
            if (!_paths.Comparer.Equals(_pendingResponses[i].Path, receivedOn)) continue;
            _pendingResponses[i] = (receivedOn, frame.Data);
            return;
        }
        if (_pendingResponses.Count >= _maxPaths) _pendingResponses.RemoveAt(0);
        _pendingResponses.Add((receivedOn, frame.Data));
    }

    /// <summary>
    /// The next PATH_RESPONSE to send on <paramref name="path"/>. Never re-sent on loss (§8.2.2:
    /// one response per challenge; the peer challenges again).
    /// </summary>
    public bool TryDequeueResponse(out TPath path, out PathResponseFrame frame)
    {
        if (_pendingResponses.Count == 0)
        {
            path = default!;
            frame = default;
            return false;
        }
        (path, ulong data) = _pendingResponses[0];
        _pendingResponses.RemoveAt(0);
        frame = new PathResponseFrame(data);
        return true;
    }

    public bool TryDequeueResult(out PathValidationResult<TPath> result) => _results.TryDequeue(out result);

    /// <summary>The earliest probe or deadline of any validation under way; null when none is.</summary>
    public TimeSpan? NextTimeout
    {
        get
        {
            TimeSpan? next = null;
            foreach (var state in _paths.Values)
            {
                if (state.Validation is not { } v) continue;
                var at = v.NextProbeAt < v.Deadline ? v.NextProbeAt : v.Deadline;
                if (next is null || at < next) next = at;
            }
            return next;
        }
    }

    /// <summary>
    /// Fails validations past their deadline (§8.2.4: the path is then unusable) and sends a new
    /// challenge for those whose probe timer expired, doubling the interval.
    /// </summary>
    public void OnTimeout(TimeSpan now)
    {
        foreach (var (path, state) in _paths)
        {
            if (state.Validation is not { } v) continue;
            if (now >= v.Deadline)
            {
                EndValidation(state);
                _results.Enqueue(new PathValidationResult<TPath>(path, PathValidationOutcome.Failed, false));
            }
            else if (now >= v.NextProbeAt)
            {
                QueueChallenge(path, v);
                v.ProbeInterval *= 2;
                v.NextProbeAt = now + v.ProbeInterval;
            }
        }
    }

    private void QueueChallenge(TPath path, Validation validation)
    {
        ulong data = NewData();
        if (validation.Challenges.Count >= MaxChallengesPerValidation)
        {
            _outstanding.Remove(validation.Challenges[0].Data);
            validation.Challenges.RemoveAt(0);
        }
        validation.Challenges.Add((data, false));
        _outstanding.Add(data, path);
        _pendingChallenges.Enqueue((path, data));
    }

    private ulong NewData()
    {
        Span<byte> bytes = stackalloc byte[PathChallengeFrame.DataLength];
        for (int attempt = 0; attempt < MaxDataAttempts; attempt++)
        {
            _random(bytes);
            ulong data = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            if (!_outstanding.ContainsKey(data)) return data;
        }
        throw new InvalidOperationException("the random source keeps repeating challenge data");
    }

    private bool TryFind(ulong data, out TPath path, out Validation validation, out int index)
    {
        if (_outstanding.TryGetValue(data, out path!) && _paths.TryGetValue(path, out var state) && state.Validation is { } v)
        {
            for (int i = 0; i < v.Challenges.Count; i++)
            {
                if (v.Challenges[i].Data != data) continue;
                validation = v;
                index = i;
                return true;
            }
        }
        path = default!;
        validation = null!;
        index = -1;
        return false;
    }

    private void EndValidation(PathState state)
    {
        if (state.Validation is not { } v) return;
        foreach (var challenge in v.Challenges) _outstanding.Remove(challenge.Data);
        state.Validation = null;
    }

    private sealed class Validation
    {
        public TimeSpan Deadline;
        public TimeSpan NextProbeAt;
        public TimeSpan ProbeInterval;
        public readonly List<(ulong Data, bool Expanded)> Challenges = [];
    }
}
