using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

public sealed partial class OutgoingFrames
{
    // Frames sent as queued and, where RFC 9000 §13.3 says so, re-queued unchanged on loss.
    private readonly List<ControlFrame> _controlQueue = [];

    // "Current value" frames (RFC 9000 §13.3): MAX_DATA, MAX_STREAMS per type, MAX_STREAM_DATA
    // per stream. Only the latest value matters; a lost frame is repaired with the current
    // value, and only when it was the most recently sent one for its scope.
    private readonly LimitAdvert _maxData = new();
    private readonly LimitAdvert[] _maxStreams = [new(), new()]; // [0] bidirectional, [1] unidirectional
    private readonly Dictionary<ulong, LimitAdvert> _maxStreamData = [];
    private readonly List<ulong> _maxStreamDataQueue = [];

    private readonly ulong?[] _streamsBlockedAt = new ulong?[2];
    private readonly ulong[] _peerMaxStreams = new ulong[2];
    private readonly HashSet<ulong> _stopSending = [];
    private bool _handshakeDonePending;
    private bool _handshakeDoneAcked;

    /// <summary>Raises the connection limit we advertise (MAX_DATA, RFC 9000 §19.9); sent with the value current at send time.</summary>
    public void QueueMaxData(ulong maximumData) => _maxData.Update(maximumData);

    /// <summary>Raises a stream's advertised limit (MAX_STREAM_DATA, RFC 9000 §19.10).</summary>
    public void QueueMaxStreamData(ulong streamId, ulong maximumStreamData)
    {
        if (!_maxStreamData.TryGetValue(streamId, out var advert))
            _maxStreamData[streamId] = advert = new LimitAdvert();
        bool wasPending = advert.Pending;
        advert.Update(maximumStreamData);
        if (advert.Pending && !wasPending) _maxStreamDataQueue.Add(streamId);
    }

    /// <summary>
    /// The receiving part of the stream reached "Size Known" or "Reset Recvd": stop sending and
    /// repairing MAX_STREAM_DATA for it (RFC 9000 §13.3).
    /// </summary>
    public void StopMaxStreamData(ulong streamId) => _maxStreamData.Remove(streamId);

    /// <summary>Raises the number of streams of a type the peer may open (MAX_STREAMS, RFC 9000 §19.11).</summary>
    public void QueueMaxStreams(bool bidirectional, ulong maximumStreams) =>
        _maxStreams[bidirectional ? 0 : 1].Update(maximumStreams);

    /// <summary>
    /// We want to open a stream beyond the peer's limit (STREAMS_BLOCKED, RFC 9000 §19.14).
    /// Repaired on loss only while the peer's limit is still <paramref name="limit"/>.
    /// </summary>
    public void QueueStreamsBlocked(bool bidirectional, ulong limit)
    {
        int i = bidirectional ? 0 : 1;
        if (_streamsBlockedAt[i] == limit || _peerMaxStreams[i] > limit) return;
        _streamsBlockedAt[i] = limit;
        _controlQueue.Add(ControlFrame.StreamsBlocked(bidirectional, limit));
    }

    /// <summary>The peer's MAX_STREAMS for a type, so a stale STREAMS_BLOCKED is not repaired.</summary>
    public void OnPeerMaxStreams(bool bidirectional, ulong maximumStreams)
    {
        int i = bidirectional ? 0 : 1;
        if (maximumStreams > _peerMaxStreams[i]) _peerMaxStreams[i] = maximumStreams;
    }

    public void QueueNewConnectionId(ulong sequenceNumber, ulong retirePriorTo, ConnectionId connectionId, StatelessResetToken resetToken) =>
        _controlQueue.Add(ControlFrame.NewConnectionId(sequenceNumber, retirePriorTo, connectionId, resetToken));

    public void QueueRetireConnectionId(ulong sequenceNumber) =>
        _controlQueue.Add(ControlFrame.RetireConnectionId(sequenceNumber));

    /// <summary>NEW_TOKEN (server only, RFC 9000 §19.7). The bytes must stay unchanged until acknowledged.</summary>
    public void QueueNewToken(ReadOnlyMemory<byte> token) => _controlQueue.Add(ControlFrame.NewToken(token));

    /// <summary>PATH_CHALLENGE: never repaired; the owner sends a new challenge with new data (RFC 9000 §13.3).</summary>
    public void QueuePathChallenge(ulong data) => _controlQueue.Add(ControlFrame.PathChallenge(data));

    /// <summary>PATH_RESPONSE: sent once (RFC 9000 §13.3).</summary>
    public void QueuePathResponse(ulong data) => _controlQueue.Add(ControlFrame.PathResponse(data));

    /// <summary>
    /// STOP_SENDING for a stream we receive on (RFC 9000 §19.5); repeated on loss until
    /// acknowledged or <see cref="CancelStopSending"/>.
    /// </summary>
    public void QueueStopSending(ulong streamId, ulong applicationErrorCode)
    {
        if (!_stopSending.Add(streamId)) return;
        _controlQueue.Add(ControlFrame.StopSending(streamId, applicationErrorCode));
    }

    /// <summary>The receiving part reached "Data Recvd" or "Reset Recvd": STOP_SENDING is moot (RFC 9000 §13.3).</summary>
    public void CancelStopSending(ulong streamId) => _stopSending.Remove(streamId);

    /// <summary>HANDSHAKE_DONE (server, RFC 9000 §19.20); retransmitted until acknowledged (§13.3).</summary>
    public void QueueHandshakeDone()
    {
        if (!_handshakeDoneAcked) _handshakeDonePending = true;
    }

    /// <summary>Control frames wait (1-RTT), ignoring the ones 0-RTT cannot carry.</summary>
    private bool HasControlWork(PacketType packetType)
    {
        if (_maxData.Pending || _maxStreams[0].Pending || _maxStreams[1].Pending || _maxStreamDataQueue.Count > 0) return true;
        if (packetType == PacketType.OneRtt) return _controlQueue.Count > 0 || _handshakeDonePending;
        foreach (var frame in _controlQueue)
            if (FramePermissions.IsAllowed(frame.FrameType, packetType)) return true;
        return false;
    }

    /// <summary>Writes the queued control frames that fit below <paramref name="limit"/>; returns whether any was written.</summary>
    private bool WriteControlFrames(PacketType packetType, ref QuicWriter w, int limit, SentFrames sent)
    {
        bool wrote = false;
        int kept = 0;
        for (int i = 0; i < _controlQueue.Count; i++)
        {
            var frame = _controlQueue[i];
            if (IsStale(frame)) continue;
            if (FramePermissions.IsAllowed(frame.FrameType, packetType) && TryWrite(frame, ref w, limit, sent))
            {
                wrote = true;
                ReportWritten(frame);
                continue;
            }
            _controlQueue[kept++] = frame;
        }
        _controlQueue.RemoveRange(kept, _controlQueue.Count - kept);

        wrote |= WriteAdvert(_maxData, ControlFrame.MaxData(_maxData.Value), ref w, limit, sent);
        wrote |= WriteAdvert(_maxStreams[0], ControlFrame.MaxStreams(true, _maxStreams[0].Value), ref w, limit, sent);
        wrote |= WriteAdvert(_maxStreams[1], ControlFrame.MaxStreams(false, _maxStreams[1].Value), ref w, limit, sent);

        kept = 0;
        for (int i = 0; i < _maxStreamDataQueue.Count; i++)
        {
            ulong id = _maxStreamDataQueue[i];
            if (!_maxStreamData.TryGetValue(id, out var advert) || !advert.Pending) continue;
            if (WriteAdvert(advert, ControlFrame.MaxStreamData(id, advert.Value), ref w, limit, sent))
            {
                wrote = true;
                continue;
            }
            _maxStreamDataQueue[kept++] = id;
        }
        _maxStreamDataQueue.RemoveRange(kept, _maxStreamDataQueue.Count - kept);

        if (_handshakeDonePending && packetType == PacketType.OneRtt && TryWrite(ControlFrame.HandshakeDone(), ref w, limit, sent))
        {
            _handshakeDonePending = false;
            wrote = true;
        }
        return wrote;
    }

    private static bool WriteAdvert(LimitAdvert advert, in ControlFrame frame, ref QuicWriter w, int limit, SentFrames sent)
    {
        if (!advert.Pending || !TryWrite(frame, ref w, limit, sent)) return false;
        advert.OnSent();
        return true;
    }

    private static bool TryWrite(in ControlFrame frame, ref QuicWriter w, int limit, SentFrames sent)
    {
        if (frame.GetEncodedLength() > limit - w.Position) return false;
        frame.Encode(ref w);
        sent.AddControl(frame);
        return true;
    }

    /// <summary>Queued frames whose reason disappeared before they could be sent.</summary>
    private bool IsStale(in ControlFrame frame) => frame.Kind switch
    {
        ControlFrameKind.StopSending => !_stopSending.Contains(frame.StreamId),
        ControlFrameKind.DataBlocked => !_connectionFlow.IsBlocked || _connectionFlow.Limit != frame.Value,
        ControlFrameKind.StreamDataBlocked => !IsStreamBlockedAt(frame.StreamId, frame.Value),
        ControlFrameKind.StreamsBlocked => _peerMaxStreams[frame.Bidirectional ? 0 : 1] > frame.Value,
        _ => false,
    };

    private void ReportWritten(in ControlFrame frame)
    {
        switch (frame.Kind)
        {
            case ControlFrameKind.DataBlocked:
                _events.Add(new SenderEvent(SenderEventKind.DataBlockedSent, Value: frame.Value));
                break;
            case ControlFrameKind.StreamDataBlocked:
                _events.Add(new SenderEvent(SenderEventKind.StreamDataBlockedSent, frame.StreamId, frame.Value));
                if (_streams.TryGetValue(frame.StreamId, out var stream)) stream.State.OnDataSent();
                break;
            case ControlFrameKind.StreamsBlocked:
                _events.Add(new SenderEvent(SenderEventKind.StreamsBlockedSent, frame.Bidirectional ? 0UL : 2UL, frame.Value));
                break;
        }
    }

    private void OnControlAcked(in ControlFrame frame)
    {
        switch (frame.Kind)
        {
            case ControlFrameKind.ResetStream:
                OnResetAcked(frame.StreamId);
                break;
            case ControlFrameKind.StopSending:
                _stopSending.Remove(frame.StreamId);
                break;
            case ControlFrameKind.HandshakeDone:
                _handshakeDoneAcked = true;
                _handshakeDonePending = false;
                break;
        }
    }

    /// <summary>RFC 9000 §13.3, frame by frame.</summary>
    private void OnControlLost(in ControlFrame frame)
    {
        switch (frame.Kind)
        {
            case ControlFrameKind.MaxData:
                _maxData.OnLost(frame.Value);
                break;
            case ControlFrameKind.MaxStreams:
                _maxStreams[frame.Bidirectional ? 0 : 1].OnLost(frame.Value);
                break;
            case ControlFrameKind.MaxStreamData:
                if (_maxStreamData.TryGetValue(frame.StreamId, out var advert) && !advert.Pending && advert.OnLost(frame.Value))
                    _maxStreamDataQueue.Add(frame.StreamId);
                break;
            case ControlFrameKind.DataBlocked:
                // Only while still blocked at the same limit: a newer limit means a newer frame.
                if (_connectionFlow.IsBlocked && _connectionFlow.Limit == frame.Value) _controlQueue.Add(frame);
                break;
            case ControlFrameKind.StreamDataBlocked:
                if (IsStreamBlockedAt(frame.StreamId, frame.Value)) _controlQueue.Add(frame);
                break;
            case ControlFrameKind.StreamsBlocked:
                int i = frame.Bidirectional ? 0 : 1;
                if (_streamsBlockedAt[i] == frame.Value && _peerMaxStreams[i] <= frame.Value) _controlQueue.Add(frame);
                break;
            case ControlFrameKind.NewConnectionId:
            case ControlFrameKind.RetireConnectionId:
            case ControlFrameKind.NewToken:
                _controlQueue.Add(frame); // same content, same sequence number (RFC 9000 §13.3)
                break;
            case ControlFrameKind.ResetStream:
                // Until acknowledged; the content must not change (RFC 9000 §13.3).
                if (_streams.TryGetValue(frame.StreamId, out var stream) && stream.State.State == SendStreamState.ResetSent)
                    _controlQueue.Add(frame);
                break;
            case ControlFrameKind.StopSending:
                if (_stopSending.Contains(frame.StreamId)) _controlQueue.Add(frame);
                break;
            case ControlFrameKind.HandshakeDone:
                if (!_handshakeDoneAcked) _handshakeDonePending = true;
                break;
            // PATH_CHALLENGE and PATH_RESPONSE are not repaired (RFC 9000 §13.3).
        }
    }

    private bool IsStreamBlockedAt(ulong streamId, ulong limit) =>
        _streams.TryGetValue(streamId, out var stream)
        && stream.State.CanSendNewData
        && stream.Flow.IsBlocked
        && stream.Flow.Limit == limit
        && stream.Buffer.UnsentBytes > 0;

    /// <summary>A limit we advertise: the current value, the last one sent, and whether to send.</summary>
    private sealed class LimitAdvert
    {
        public ulong Value { get; private set; }
        public ulong LastSent { get; private set; }
        public bool Pending { get; private set; }

        /// <summary>Only increases are news (RFC 9000 §4.1: limits never decrease).</summary>
        public void Update(ulong value)
        {
            if (value <= Value) return;
            Value = value;
            Pending = true;
        }

        public void OnSent()
        {
            LastSent = Value;
            Pending = false;
        }

        /// <summary>Repair only a loss of the most recently sent value; returns whether now pending.</summary>
        public bool OnLost(ulong value)
        {
            if (value == LastSent) Pending = true;
            return Pending;
        }
    }
}
