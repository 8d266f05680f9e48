using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>
/// The connection IDs we issued to the peer (RFC 9000 §5.1.1): sequence numbers, stateless reset
/// tokens, how many the peer may hold, its RETIRE_CONNECTION_ID frames, and rotation through
/// Retire Prior To. Outputs are plain values the connection drains: NEW_CONNECTION_ID frames to
/// send (re-queued on loss) and routing changes for the dispatcher. Not thread-safe: one owner.
/// </summary>
public sealed partial class LocalConnectionIds
{
    /// <summary>How many connection IDs we keep active at most, whatever the peer allows.</summary>
    public const int DefaultMaxActive = 8;

    // A fresh ID repeats an earlier one only if the random source is broken; give up rather than spin.
    private const int MaxGenerationAttempts = 16;

    private readonly Func<ConnectionId, StatelessResetToken> _resetTokenFor;
    private readonly Action<Span<byte>> _random;
    private readonly int _maxActive;
    // Active IDs (issued, not yet retired by the peer), ascending by sequence number.
    private readonly List<Entry> _active = [];
    // RFC 9000 §5.1: the same connection ID MUST NOT be issued twice on a connection.
    private readonly HashSet<ConnectionId> _everIssued = [];
    // Sequence numbers whose NEW_CONNECTION_ID frame waits to be sent, oldest first.
    private readonly List<ulong> _pendingFrames = [];
    private readonly Queue<ConnectionIdRoutingChange> _routingChanges = new();
    private ulong _nextSequence;
    private ulong _retirePriorTo;
    private ulong? _peerLimit;

    /// <param name="initialSourceConnectionId">
    /// Our handshake Source Connection ID, sequence number 0 (§5.1.1). Its length is the length of
    /// every ID we issue, so short headers can be parsed without state (§5.1, §10.3.2). Empty means
    /// zero-length connection IDs: nothing more is issued (§5.1.1).
    /// </param>
    /// <param name="resetTokenFor">The stateless reset token of each ID we issue (§10.3.2).</param>
    /// <param name="random">Fills a span with unpredictable bytes; seeded in tests.</param>
    /// <param name="maxActive">Local cap on active IDs; the effective limit is the smaller of this and the peer's active_connection_id_limit.</param>
    public LocalConnectionIds(
        ConnectionId initialSourceConnectionId,
        Func<ConnectionId, StatelessResetToken> resetTokenFor,
        Action<Span<byte>> random,
        int maxActive = DefaultMaxActive)
    {
        ArgumentNullException.ThrowIfNull(resetTokenFor);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxActive, 1);
        _resetTokenFor = resetTokenFor;
        _random = random;
        _maxActive = maxActive;
        ConnectionIdLength = initialSourceConnectionId.Length;
        if (IsZeroLength)
        {
            // Nothing to route by or reset: the dispatcher routes zero-length IDs by address.
            _active.Add(new Entry(0, initialSourceConnectionId, default) { Sent = true });
            _nextSequence = 1;
            return;
        }
        _everIssued.Add(initialSourceConnectionId);
        Add(initialSourceConnectionId, sent: true);
    }

    /// <summary>Tokens derived from <paramref name="generator"/>'s static key (RFC 9000 §10.3.2).</summary>
    public LocalConnectionIds(
        ConnectionId initialSourceConnectionId,
        StatelessResetTokenGenerator generator,
        Action<Span<byte>> random,
        int maxActive = DefaultMaxActive)
        : this(initialSourceConnectionId, TokenSource(generator), random, maxActive)
    {
    }

    /// <summary>Length of every connection ID we issue.</summary>
    public int ConnectionIdLength { get; }

    /// <summary>We use zero-length connection IDs: no NEW_CONNECTION_ID, no RETIRE_CONNECTION_ID (§19.15, §19.16).</summary>
    public bool IsZeroLength => ConnectionIdLength == 0;

    /// <summary>Issued and not yet retired by the peer, including IDs we asked it to retire.</summary>
    public int ActiveCount => _active.Count;

    /// <summary>The next sequence number to issue; all below it have been issued.</summary>
    public ulong NextSequenceNumber => _nextSequence;

    /// <summary>The Retire Prior To value we currently send (§5.1.2).</summary>
    public ulong RetirePriorTo => _retirePriorTo;

    /// <summary>The peer's active_connection_id_limit, once known.</summary>
    public ulong? PeerActiveConnectionIdLimit => _peerLimit;

    /// <summary>
    /// How many IDs we aim to keep active: the smaller of the peer's limit (2 until its transport
    /// parameters arrive, §18.2) and our own cap.
    /// </summary>
    public int TargetActiveCount => (int)Math.Min((ulong)_maxActive, _peerLimit ?? TransportParameters.MinActiveConnectionIdLimit);

    /// <summary>
    /// The token for sequence number 0, which a server sends as its stateless_reset_token transport
    /// parameter (§18.2); null for zero-length IDs or after the peer retired it.
    /// </summary>
    public StatelessResetToken? InitialResetToken =>
        !IsZeroLength && _active.Count > 0 && _active[0].SequenceNumber == 0 ? _active[0].Token : null;

    public bool HasPendingFrames => _pendingFrames.Count > 0;

    public bool HasRoutingChanges => _routingChanges.Count > 0;

    /// <summary>Whether a packet with this Destination Connection ID belongs to one of our active IDs.</summary>
    public bool TryGetSequenceNumber(ConnectionId connectionId, out ulong sequenceNumber)
    {
        int index = IndexOf(connectionId);
        sequenceNumber = index >= 0 ? _active[index].SequenceNumber : 0;
        return index >= 0;
    }

    /// <summary>Whether <paramref name="sequenceNumber"/> is issued and not retired by the peer.</summary>
    public bool IsActive(ulong sequenceNumber) => IndexOfSequence(sequenceNumber) >= 0;

    /// <summary>
    /// Records the peer's active_connection_id_limit transport parameter (§18.2). Call
    /// <see cref="Replenish"/> once NEW_CONNECTION_ID frames can be sent.
    /// </summary>
    public void SetPeerActiveConnectionIdLimit(ulong limit)
    {
        // The transport parameter codec already rejects values below 2 (§18.2).
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TransportParameters.MinActiveConnectionIdLimit);
        _peerLimit = limit;
    }

    /// <summary>
    /// Issues the server's preferred_address connection ID, sequence number 1 (§5.1.1, §9.6). It
    /// travels in the transport parameter, so no NEW_CONNECTION_ID frame is queued. Call before
    /// issuing anything else.
    /// </summary>
    public void IssuePreferredAddressConnectionId(out ConnectionId connectionId, out StatelessResetToken resetToken)
    {
        // §18.2: a server that chooses a zero-length connection ID MUST NOT provide a preferred address.
        if (IsZeroLength) throw new InvalidOperationException("zero-length connection IDs cannot offer a preferred address");
        if (_nextSequence != 1) throw new InvalidOperationException("the preferred address connection ID must be sequence number 1");
        var entry = Add(Generate(), sent: true);
        connectionId = entry.ConnectionId;
        resetToken = entry.Token;
    }

    /// <summary>
    /// Issues new IDs until the peer holds <see cref="TargetActiveCount"/> usable ones (§5.1.1: an
    /// endpoint SHOULD ensure its peer has a sufficient number of unused IDs, and MUST NOT provide
    /// more than the peer's limit). IDs we asked the peer to retire do not count: §5.1.1 allows
    /// exceeding the limit while Retire Prior To covers the excess. Returns how many were issued.
    /// </summary>
    public int Replenish()
    {
        if (IsZeroLength) return 0;
        int usable = UsableCount();
        int issued = 0;
        for (; usable + issued < TargetActiveCount; issued++)
            Add(Generate(), sent: false);
        return issued;
    }

    /// <summary>
    /// Asks the peer to retire every ID issued so far and issues a fresh set (§5.1.2), for
    /// example to stop accepting IDs that might be linkable. False when an earlier rotation is
    /// still waiting for the peer's RETIRE_CONNECTION_ID frames (§5.1.2: SHOULD NOT raise Retire
    /// Prior To before then) or when we use zero-length IDs.
    /// </summary>
    public bool TryRotate()
    {
        if (IsZeroLength || (_active.Count > 0 && _active[0].SequenceNumber < _retirePriorTo)) return false;
        _retirePriorTo = _nextSequence;
        // IDs the peer has never been sent cannot be in use: forget them now rather than send
        // a NEW_CONNECTION_ID only to have them retired at once.
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var entry = _active[i];
            if (!entry.Sent) RetireAt(i);
        }
        Replenish();
        return true;
    }

    public bool TryDequeueRoutingChange(out ConnectionIdRoutingChange change) =>
        _routingChanges.TryDequeue(out change!);

    /// <summary>The next NEW_CONNECTION_ID frame to send, carrying the current Retire Prior To.</summary>
    public bool TryDequeueFrame(out NewConnectionIdFrame frame)
    {
        while (_pendingFrames.Count > 0)
        {
            ulong sequence = _pendingFrames[0];
            _pendingFrames.RemoveAt(0);
            int index = IndexOfSequence(sequence);
            if (index < 0) continue; // retired while it waited
            var entry = _active[index];
            entry.Sent = true;
            // §19.15: Retire Prior To must not exceed the frame's own sequence number.
            frame = new NewConnectionIdFrame(sequence, Math.Min(_retirePriorTo, sequence), entry.ConnectionId, entry.Token);
            return true;
        }
        frame = default;
        return false;
    }

    /// <summary>
    /// A packet carrying <paramref name="frame"/> was declared lost: send it again unless the peer
    /// has retired the ID meanwhile (§13.3: same sequence number on retransmission).
    /// </summary>
    public void OnFrameLost(NewConnectionIdFrame frame)
    {
        int index = IndexOfSequence(frame.SequenceNumber);
        if (index < 0 || _active[index].ConnectionId != frame.ConnectionId) return;
        if (_pendingFrames.Contains(frame.SequenceNumber)) return;
        // Keep ascending order so the peer sees sequence numbers in the order issued.
        int at = 0;
        while (at < _pendingFrames.Count && _pendingFrames[at] < frame.SequenceNumber) at++;
        _pendingFrames.Insert(at, frame.SequenceNumber);
    }

    private static Func<ConnectionId, StatelessResetToken> TokenSource(StatelessResetTokenGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return cid =>
        {
            Span<byte> token = stackalloc byte[StatelessResetToken.Length];
            generator.Generate(cid, token);
            return new StatelessResetToken(token);
        };
    }

    private int UsableCount()
    {
        int usable = 0;
        foreach (var entry in _active)
            if (entry.SequenceNumber >= _retirePriorTo) usable++;
        return usable;
    }

    private ConnectionId Generate()
    {
        Span<byte> bytes = stackalloc byte[ConnectionIdLength];
        for (int attempt = 0; attempt < MaxGenerationAttempts; attempt++)
        {
            _random(bytes);
            var cid = new ConnectionId(bytes);
            if (_everIssued.Add(cid)) return cid;
        }
        throw new InvalidOperationException("the random source keeps repeating connection IDs");
    }

    private Entry Add(ConnectionId connectionId, bool sent)
    {
        var entry = new Entry(_nextSequence++, connectionId, _resetTokenFor(connectionId)) { Sent = sent };
        _active.Add(entry);
        _routingChanges.Enqueue(new CidIssued(entry.ConnectionId, entry.Token));
        if (!sent) _pendingFrames.Add(entry.SequenceNumber);
        return entry;
    }

    private int IndexOf(ConnectionId connectionId)
    {
        for (int i = 0; i < _active.Count; i++)
            if (_active[i].ConnectionId == connectionId) return i;
        return -1;
    }

    private int IndexOfSequence(ulong sequenceNumber)
    {
        for (int i = 0; i < _active.Count; i++)
            if (_active[i].SequenceNumber == sequenceNumber) return i;
        return -1;
    }

    private sealed class Entry(ulong sequenceNumber, ConnectionId connectionId, StatelessResetToken token)
    {
        public ulong SequenceNumber { get; } = sequenceNumber;
        public ConnectionId ConnectionId { get; } = connectionId;
        public StatelessResetToken Token { get; } = token;

        /// <summary>Whether the peer may know this ID (handshake, preferred address, or a frame already sent).</summary>
        public bool Sent { get; set; }
    }
}
