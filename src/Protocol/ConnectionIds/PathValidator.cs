using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Transport;

namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>
/// Path validation (RFC 9000 §8.2) and per-path anti-amplification accounting (§8.1, §9.3) for
/// one connection. A path is the peer's address as the connection keys it (<typeparamref name="TPath"/>,
/// e.g. an <c>IPEndPoint</c> or an opaque id). Challenges, responses and results are plain
/// values the connection drains; time is a parameter. Not thread-safe: one owner.
/// </summary>
public sealed partial class PathValidator<TPath> where TPath : notnull
{
    /// <summary>Datagrams carrying PATH_CHALLENGE or PATH_RESPONSE are expanded to this size when the limit allows (§8.2.1, §8.2.2).</summary>
    public const int MinExpandedDatagramSize = 1200;

    /// <summary>Before validation an endpoint sends at most three times what it received (§8.1, §9.3).</summary>
    public const int AmplificationFactor = 3;

    /// <summary>Default bound on tracked paths, so a peer rewriting source addresses cannot grow state without end.</summary>
    public const int DefaultMaxPaths = 8;

    private readonly Action<Span<byte>> _random;
    private readonly int _maxPaths;
    private readonly Dictionary<TPath, PathState> _paths;
    private long _touch;

    /// <param name="random">Fills a span with unpredictable bytes (challenge data, §8.2.1); seeded in tests.</param>
    /// <param name="comparer">How paths compare; the default equality otherwise.</param>
    /// <param name="maxPaths">Paths tracked at once; the least recently active unvalidated one is evicted beyond it.</param>
    public PathValidator(Action<Span<byte>> random, IEqualityComparer<TPath>? comparer = null, int maxPaths = DefaultMaxPaths)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPaths, 1);
        _random = random;
        _maxPaths = maxPaths;
        _paths = new Dictionary<TPath, PathState>(comparer);
    }

    /// <summary>kInitialRtt for a path without samples (RFC 9002 §6.2.2).</summary>
    public TimeSpan InitialRtt { get; set; } = RttEstimator.DefaultInitialRtt;

    /// <summary>The peer's max_ack_delay (RFC 9000 §18.2), part of a new path's PTO.</summary>
    public TimeSpan MaxAckDelay { get; set; } = TimeSpan.FromMilliseconds(TransportParameters.DefaultMaxAckDelayMs);

    /// <summary>
    /// The PTO of a path without RTT samples (RFC 9002 §6.2.1 with smoothed_rtt = kInitialRtt and
    /// rttvar = kInitialRtt/2, §6.2.2): about one second.
    /// </summary>
    public TimeSpan NewPathPto => InitialRtt + TimeSpan.FromTicks(Math.Max(2 * InitialRtt.Ticks, RttEstimator.Granularity.Ticks)) + MaxAckDelay;

    /// <summary>
    /// §8.2.4: abandon validation after three times the larger of the current PTO and a new path's
    /// PTO, since the new path may be slower than the old.
    /// </summary>
    public TimeSpan GetValidationTimeout(TimeSpan currentPto) => 3 * Max(currentPto, NewPathPto);

    public int PathCount => _paths.Count;

    /// <summary>Whether the path's address has been validated (or declared so by <see cref="MarkValidated"/>).</summary>
    public bool IsValidated(TPath path) => _paths.TryGetValue(path, out var state) && state.Validated;

    /// <summary>
    /// Declares a path validated without PATH_CHALLENGE: the handshake path once a Handshake packet
    /// was processed (§8.1), or an address validated recently (§9.3).
    /// </summary>
    public void MarkValidated(TPath path)
    {
        var state = GetOrAdd(path);
        state.Validated = true;
        state.Touch = ++_touch;
    }

    /// <summary>Forgets everything about a path the connection no longer uses, cancelling its validation.</summary>
    public void Forget(TPath path)
    {
        if (!_paths.Remove(path, out var state)) return;
        // Queued PATH_RESPONSEs stay: they answer the peer, not our bookkeeping.
        EndValidation(state);
    }

    /// <summary>Counts a datagram received on the path toward its amplification allowance (§8.1: all payload bytes).</summary>
    public void OnDatagramReceived(TPath path, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var state = GetOrAdd(path);
        state.Received += length;
        state.Touch = ++_touch;
    }

    /// <summary>Counts a datagram sent on the path against its amplification allowance.</summary>
    public void OnDatagramSent(TPath path, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        GetOrAdd(path).Sent += length;
    }

    /// <summary>
    /// How many more bytes may be sent on the path: unlimited once validated, otherwise three
    /// times what was received less what was sent (§8.1, §9.3). Zero for an unknown path.
    /// </summary>
    public long GetSendAllowance(TPath path)
    {
        if (!_paths.TryGetValue(path, out var state)) return 0;
        if (state.Validated) return long.MaxValue;
        return Math.Max(0, AmplificationFactor * state.Received - state.Sent);
    }

    /// <summary>Whether a datagram carrying PATH_CHALLENGE or PATH_RESPONSE may be expanded to 1200 bytes (§8.2.1, §8.2.2).</summary>
    public bool CanExpand(TPath path) => GetSendAllowance(path) >= MinExpandedDatagramSize;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private PathState GetOrAdd(TPath path)
    {
        if (_paths.TryGetValue(path, out var state)) return state;
        if (_paths.Count >= _maxPaths) Evict();
        state = new PathState { Touch = ++_touch };
        _paths.Add(path, state);
        return state;
    }

    /// <summary>
    /// Drops the least recently active unvalidated path (validated ones only when all are): a
    /// peer's real paths stay busy, spoofed ones go first. An evicted validation fails.
    /// </summary>
    private void Evict()
    {
        TPath? victim = default;
        PathState? victimState = null;
        foreach (var (path, state) in _paths)
        {
            bool better = victimState is null
                || (victimState.Validated && !state.Validated)
                || (victimState.Validated == state.Validated && state.Touch < victimState.Touch);
            if (!better) continue;
            victim = path;
            victimState = state;
        }
        if (victimState is null) return;
        if (victimState.Validation is not null)
            _results.Enqueue(new PathValidationResult<TPath>(victim!, PathValidationOutcome.Failed, false));
        Forget(victim!);
    }

    private sealed class PathState
    {
        public long Received;
        public long Sent;
        public bool Validated;
        public long Touch;
        public Validation? Validation;
    }
}
