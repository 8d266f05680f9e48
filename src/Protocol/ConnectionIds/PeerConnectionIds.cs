using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>
/// The connection IDs the peer issued to us (RFC 9000 §5.1): the handshake ID (sequence number
/// 0), the preferred_address one (1), and those from NEW_CONNECTION_ID frames; which one we send
/// to; which ones we have retired (RETIRE_CONNECTION_ID frames to send, re-queued on loss); and
/// stateless reset detection (§10.3.1). Not thread-safe: one owner.
/// </summary>
public sealed partial class PeerConnectionIds
{
    private const ulong NewConnectionIdType = (ulong)FrameType.NewConnectionId;

    private readonly ulong _limit;
    private readonly int _maxUnackedRetirements;
    // Active IDs (received, not retired), ascending by sequence number; at most _limit of them.
    private readonly List<Entry> _active = [];
    // Every sequence number we have retired, so a retransmitted NEW_CONNECTION_ID never revives
    // one (§5.1.2: a retired ID is not used again). Mostly one contiguous range.
    private readonly RangeSet _retired = new();
    private ulong _largestRetirePriorTo;
    private bool _receivedNewConnectionId;

    /// <param name="initialDestinationConnectionId">
    /// The Destination Connection ID we send with first: for a server the client's Source
    /// Connection ID (sequence number 0); for a client the random one it chose, replaced through
    /// <see cref="SetHandshakeConnectionId"/> when the server's first packet arrives (§7.2).
    /// </param>
    /// <param name="activeConnectionIdLimit">The active_connection_id_limit we advertised (§18.2).</param>
    public PeerConnectionIds(ConnectionId initialDestinationConnectionId, ulong activeConnectionIdLimit = TransportParameters.MinActiveConnectionIdLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(activeConnectionIdLimit, TransportParameters.MinActiveConnectionIdLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(activeConnectionIdLimit, (ulong)int.MaxValue / 4);
        _limit = activeConnectionIdLimit;
        // §5.1.2: SHOULD track at least twice the limit of unacknowledged retirements; twice
        // more leaves room for our own rotations on top of the peer's.
        _maxUnackedRetirements = 4 * (int)activeConnectionIdLimit;
        var initial = new Entry(0, initialDestinationConnectionId, null) { Used = true };
        _active.Add(initial);
        _current = initial;
    }

    /// <summary>The limit we advertised in active_connection_id_limit.</summary>
    public ulong ActiveConnectionIdLimit => _limit;

    /// <summary>The peer uses zero-length connection IDs: it cannot issue more (§5.1.1, §19.15).</summary>
    public bool IsZeroLength => _current.ConnectionId.IsEmpty;

    public int ActiveCount => _active.Count;

    /// <summary>The largest Retire Prior To the peer has sent (§19.15).</summary>
    public ulong LargestRetirePriorTo => _largestRetirePriorTo;

    /// <summary>Whether <paramref name="sequenceNumber"/> is held and not retired.</summary>
    public bool IsActive(ulong sequenceNumber) => IndexOfSequence(sequenceNumber) >= 0;

    /// <summary>Whether we have retired <paramref name="sequenceNumber"/> (it will never be used again).</summary>
    public bool IsRetired(ulong sequenceNumber) => _retired.Contains(sequenceNumber);

    /// <summary>
    /// Client only, during the handshake: the server's Source Connection ID (from its first
    /// Initial, or a Retry's) becomes the Destination Connection ID (§7.2). The server's
    /// handshake ID is sequence number 0 (§5.1.1).
    /// </summary>
    public void SetHandshakeConnectionId(ConnectionId peerSourceConnectionId)
    {
        if (_receivedNewConnectionId || _active.Count != 1 || _active[0].SequenceNumber != 0)
            throw new InvalidOperationException("the handshake connection ID can only change before other IDs arrive");
        var entry = new Entry(0, peerSourceConnectionId, null) { Used = true };
        _active[0] = entry;
        _current = entry;
    }

    /// <summary>
    /// Client only: the server's stateless_reset_token transport parameter, which belongs to its
    /// handshake connection ID (§10.3, §18.2). Ignored if that ID is already retired.
    /// </summary>
    public void SetHandshakeResetToken(StatelessResetToken token)
    {
        int index = IndexOfSequence(0);
        if (index >= 0) _active[index].Token = token;
    }

    /// <summary>
    /// Client only: the preferred_address transport parameter's connection ID, sequence number 1
    /// (§5.1.1, §9.6), stored like one from NEW_CONNECTION_ID.
    /// </summary>
    /// <exception cref="QuicProtocolException">TRANSPORT_PARAMETER_ERROR when the server uses zero-length IDs (§18.2).</exception>
    public void OnPreferredAddress(PreferredAddress preferredAddress)
    {
        ArgumentNullException.ThrowIfNull(preferredAddress);
        // §18.2: a server that chooses a zero-length connection ID MUST NOT provide a preferred
        // address; a client MUST treat that as TRANSPORT_PARAMETER_ERROR.
        if (IsZeroLength)
            throw new QuicProtocolException(TransportErrorCode.TransportParameterError,
                "preferred_address from a server using zero-length connection IDs");
        if (IndexOfSequence(1) >= 0 || _retired.Contains(1)) return;
        CheckConflicts(1, preferredAddress.ConnectionId, preferredAddress.StatelessResetToken, TransportErrorCode.TransportParameterError, 0);
        Insert(new Entry(1, preferredAddress.ConnectionId, preferredAddress.StatelessResetToken));
    }

    /// <summary>
    /// Handles NEW_CONNECTION_ID (RFC 9000 §19.15, §5.1.2). A repeated frame is not an error;
    /// Retire Prior To retires lower sequence numbers before the new ID is added.
    /// </summary>
    /// <exception cref="QuicProtocolException">
    /// PROTOCOL_VIOLATION when the peer uses zero-length IDs or reuses a sequence number, ID or
    /// token inconsistently; CONNECTION_ID_LIMIT_ERROR when more IDs are active than we allowed,
    /// or more retirements await acknowledgment than we track.
    /// </exception>
    public void OnNewConnectionId(NewConnectionIdFrame frame)
    {
        // §19.15: an endpoint sending with a zero-length Destination Connection ID MUST treat
        // NEW_CONNECTION_ID as a PROTOCOL_VIOLATION.
        if (IsZeroLength)
            throw new QuicProtocolException(TransportErrorCode.ProtocolViolation,
                "NEW_CONNECTION_ID from a peer using zero-length connection IDs", NewConnectionIdType);
        _receivedNewConnectionId = true;
        int existing = IndexOfSequence(frame.SequenceNumber);
        if (existing >= 0)
        {
            // §19.15: a repeated frame is fine, a sequence number reused for another ID or token is not.
            var entry = _active[existing];
            if (entry.ConnectionId != frame.ConnectionId || (entry.Token is { } token && token != frame.StatelessResetToken))
                throw new QuicProtocolException(TransportErrorCode.ProtocolViolation,
                    $"sequence number {frame.SequenceNumber} was issued with a different connection ID or token", NewConnectionIdType);
        }
        else
        {
            CheckConflicts(frame.SequenceNumber, frame.ConnectionId, frame.StatelessResetToken,
                TransportErrorCode.ProtocolViolation, NewConnectionIdType);
        }

        // §5.1.2: retire what Retire Prior To covers before adding the new ID. §19.15: values
        // that do not increase the largest received one are ignored.
        if (frame.RetirePriorTo > _largestRetirePriorTo)
        {
            _largestRetirePriorTo = frame.RetirePriorTo;
            for (int i = _active.Count - 1; i >= 0; i--)
                if (_active[i].SequenceNumber < _largestRetirePriorTo) RetireAt(i);
        }

        if (existing < 0)
        {
            if (frame.SequenceNumber < _largestRetirePriorTo)
            {
                // §19.15: an ID below a previous Retire Prior To is retired at once, unless we
                // have already done so for that sequence number.
                if (!_retired.Contains(frame.SequenceNumber)) QueueRetirement(frame.SequenceNumber);
            }
            else if (!_retired.Contains(frame.SequenceNumber))
            {
                Insert(new Entry(frame.SequenceNumber, frame.ConnectionId, frame.StatelessResetToken));
            }
        }

        // §5.1.1: after adding and retiring, more active IDs than we advertised is CONNECTION_ID_LIMIT_ERROR.
        if ((ulong)_active.Count > _limit)
            throw new QuicProtocolException(TransportErrorCode.ConnectionIdLimitError,
                $"{_active.Count} active connection IDs exceed our limit of {_limit}", NewConnectionIdType);
        // §5.1.2: we MAY treat more retirements awaiting acknowledgment than we track as CONNECTION_ID_LIMIT_ERROR.
        if (UnackedRetirements > _maxUnackedRetirements)
            throw new QuicProtocolException(TransportErrorCode.ConnectionIdLimitError,
                $"{UnackedRetirements} connection ID retirements await acknowledgment", NewConnectionIdType);
        if (_current.Retired) SwitchToLowestActive();
    }

    /// <summary>
    /// §19.15 MAY-errors: the same ID under two sequence numbers, or the same reset token for
    /// two IDs (§10.3.2), among the IDs we hold.
    /// </summary>
    private void CheckConflicts(ulong sequenceNumber, ConnectionId connectionId, StatelessResetToken token, TransportErrorCode code, ulong frameType)
    {
        foreach (var entry in _active)
        {
            if (entry.SequenceNumber == sequenceNumber) continue;
            if (entry.ConnectionId == connectionId)
                throw new QuicProtocolException(code,
                    $"connection ID {connectionId} repeats sequence number {entry.SequenceNumber}", frameType);
            if (entry.Token is { } other && other == token)
                throw new QuicProtocolException(code,
                    $"stateless reset token repeats that of sequence number {entry.SequenceNumber}", frameType);
        }
    }

    private void Insert(Entry entry)
    {
        int at = _active.Count;
        while (at > 0 && _active[at - 1].SequenceNumber > entry.SequenceNumber) at--;
        _active.Insert(at, entry);
    }

    private int IndexOfSequence(ulong sequenceNumber)
    {
        for (int i = 0; i < _active.Count; i++)
            if (_active[i].SequenceNumber == sequenceNumber) return i;
        return -1;
    }

    private sealed class Entry(ulong sequenceNumber, ConnectionId connectionId, StatelessResetToken? token)
    {
        public ulong SequenceNumber { get; } = sequenceNumber;
        public ConnectionId ConnectionId { get; } = connectionId;

        /// <summary>Null for a client's handshake ID (clients send no token) until the server's transport parameter arrives.</summary>
        public StatelessResetToken? Token { get; set; }  = token;

        /// <summary>We have sent packets with it (§9.5: each used on one path only; §10.3.1: only used IDs' tokens count).</summary>
        public bool Used { get; set; }

        public bool Retired { get; set; }
    }
}
