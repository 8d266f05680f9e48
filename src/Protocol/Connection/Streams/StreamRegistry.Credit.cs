using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Connection;

public sealed partial class StreamRegistry
{
    /// <summary>
    /// Moves the control frames due now to <paramref name="destination"/>: STOP_SENDING, then
    /// MAX_STREAM_DATA for streams whose reader consumed enough, MAX_DATA, MAX_STREAMS as peer
    /// streams closed, and STREAMS_BLOCKED when an open failed. Windows auto-tune (RFC 9000
    /// §4.2): an update due within two round trips of the previous one doubles the window, up
    /// to the options' maximum.
    /// </summary>
    /// <param name="now">Any monotonic time.</param>
    /// <param name="smoothedRtt">The connection's smoothed RTT (RFC 9002 §5.3).</param>
    public void DrainControlFrames(List<StreamControlFrame> destination, TimeSpan now, TimeSpan smoothedRtt) =>
        DrainControlFramesCore(destination, tune: true, now, smoothedRtt);

    /// <summary>As <see cref="DrainControlFrames(List{StreamControlFrame}, TimeSpan, TimeSpan)"/> without auto-tuning.</summary>
    public void DrainControlFrames(List<StreamControlFrame> destination) =>
        DrainControlFramesCore(destination, tune: false, default, default);

    /// <summary>
    /// The packet carrying <paramref name="frame"/> was declared lost; decide what to resend
    /// (RFC 9000 §13.3): MAX_DATA, MAX_STREAM_DATA and MAX_STREAMS are resent with the current
    /// value, and only if the lost frame carried it (a newer frame already went out otherwise);
    /// MAX_STREAM_DATA stops once the receiving part left "Recv"; STOP_SENDING is repeated until
    /// the receiving part is in "Data Recvd" or "Reset Recvd"; STREAMS_BLOCKED only while still
    /// blocked at that limit. What is resent comes out of the next drain.
    /// </summary>
    public void OnControlFrameLost(in StreamControlFrame frame)
    {
        switch (frame.Kind)
        {
            case StreamControlFrameKind.MaxData:
                _connectionFlow.OnUpdateLost(frame.Value);
                break;
            case StreamControlFrameKind.MaxStreamData:
                if (_streams.TryGetValue(frame.StreamId, out var stream) && stream.WantsCredit)
                {
                    stream.Flow!.OnUpdateLost(frame.Value);
                    QueueCreditCheck(stream);
                }
                break;
            case StreamControlFrameKind.MaxStreams:
                _limits.Incoming(ToDirection(frame.Bidirectional)).OnUpdateLost(frame.Value);
                break;
            case StreamControlFrameKind.StopSending:
                if (_streams.TryGetValue(frame.StreamId, out var stopped) && stopped.ReadingStopped
                    && stopped.State is { CanSendStopSending: true })
                    _controlQueue.Add(StreamControlFrame.StopSending(frame.StreamId, stopped.StopSendingCode));
                break;
            case StreamControlFrameKind.StreamsBlocked:
                _limits.Outgoing(ToDirection(frame.Bidirectional)).RearmBlocked(frame.Value);
                break;
        }
    }

    private void DrainControlFramesCore(List<StreamControlFrame> destination, bool tune, TimeSpan now, TimeSpan rtt)
    {
        foreach (var frame in _controlQueue)
        {
            // A STOP_SENDING queued before all data or a reset arrived is moot (RFC 9000 §3.5).
            if (_streams.TryGetValue(frame.StreamId, out var s) && s.State is { CanSendStopSending: true })
                destination.Add(frame);
        }
        _controlQueue.Clear();

        foreach (var stream in _creditChecks)
        {
            stream.CreditCheckQueued = false;
            // Closed streams and those past "Recv" need no more credit (RFC 9000 §3.3, §13.3).
            if (!stream.WantsCredit || !_streams.ContainsKey(stream.Id.Value)) continue;
            var flow = stream.Flow!;
            bool due = tune ? flow.TryGetUpdate(now, rtt, out ulong limit) : flow.TryGetUpdate(out limit);
            if (!due) continue;
            stream.Buffer!.RaiseLimit(limit);
            destination.Add(StreamControlFrame.MaxStreamData(stream.Id.Value, limit));
        }
        _creditChecks.Clear();

        bool connectionDue = tune ? _connectionFlow.TryGetUpdate(now, rtt, out ulong maxData) : _connectionFlow.TryGetUpdate(out maxData);
        if (connectionDue) destination.Add(StreamControlFrame.MaxData(maxData));

        if (_limits.IncomingBidirectional.TryGetMaxStreamsUpdate(out ulong bidi)) destination.Add(StreamControlFrame.MaxStreams(true, bidi));
        if (_limits.IncomingUnidirectional.TryGetMaxStreamsUpdate(out ulong uni)) destination.Add(StreamControlFrame.MaxStreams(false, uni));

        if (_limits.OutgoingBidirectional.ShouldSendStreamsBlocked(out ulong bidiAt)) destination.Add(StreamControlFrame.StreamsBlocked(true, bidiAt));
        if (_limits.OutgoingUnidirectional.ShouldSendStreamsBlocked(out ulong uniAt)) destination.Add(StreamControlFrame.StreamsBlocked(false, uniAt));
    }

    private static StreamDirection ToDirection(bool bidirectional) =>
        bidirectional ? StreamDirection.Bidirectional : StreamDirection.Unidirectional;
}
