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
}
