using System.Runtime.InteropServices;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Streams, peer side: the connection owns the <see cref="StreamRegistry"/> (every stream's
/// receiving part, stream lifecycles and limits, RFC 9000 §2-§4). The receiver hands it every
/// stream-related frame; after each input the registry's events are acted on (readers served,
/// the owner told of new streams, the sender told of credit and resets) and its control frames
/// (MAX_DATA, MAX_STREAM_DATA, MAX_STREAMS, STOP_SENDING, STREAMS_BLOCKED) go to the sender,
/// which alone repairs their loss (RFC 9000 §13.3). See ConnectionActor.StreamApi.cs for the
/// application's side.
/// </summary>
public sealed partial class ConnectionActor
{
    private readonly StreamRegistry _registry;
    private readonly List<StreamRegistryEvent> _streamEvents = [];
    private readonly List<StreamControlFrame> _streamControls = [];

    // RFC 9002 §6.2.2: the initial RTT until the resender reports a measured one (window auto-tuning only).
    private TimeSpan _smoothedRtt = TimeSpan.FromMilliseconds(333);

    // Set once the connection ended for the application: every outstanding request was answered
    // and new ones are answered at once; the registry is no longer fed.
    private CloseInfo? _streamsAbortedWith;

    private void PeerStreamHandlers()
    {
        Receive<FrameReceived<StreamFrame>>(OnStreamFrame);
        Receive<ReceivedFrames>(OnReceivedFrames);
        Receive<FrameReceived<ResetStreamFrame>>(m => PeerFrame(() => _registry.OnResetStream(m.Frame)));
        Receive<FrameReceived<StopSendingFrame>>(m => PeerFrame(() => _registry.OnStopSending(m.Frame)));
        Receive<FrameReceived<MaxDataFrame>>(m => PeerFrame(() => _registry.OnMaxData(m.Frame)));
        Receive<FrameReceived<MaxStreamDataFrame>>(m => PeerFrame(() => _registry.OnMaxStreamData(m.Frame)));
        Receive<FrameReceived<MaxStreamsFrame>>(m => PeerFrame(() => _registry.OnMaxStreams(m.Frame)));
        Receive<FrameReceived<DataBlockedFrame>>(m => PeerFrame(() => _registry.OnDataBlocked(m.Frame)));
        Receive<FrameReceived<StreamDataBlockedFrame>>(m => PeerFrame(() => _registry.OnStreamDataBlocked(m.Frame)));
        Receive<FrameReceived<StreamsBlockedFrame>>(m => PeerFrame(() => _registry.OnStreamsBlocked(m.Frame)));
        Receive<FrameReceived<DatagramFrame>>(m => PeerFrame(() => OnDatagramFrame(m.Frame)));
        Receive<StreamSendProgress>(OnSendProgress);
    }

    /// <summary>
    /// The frames of a datagram batch. A run of STREAM frames is fed to the registry before its
    /// events are acted on once (one read served with all the run's bytes instead of a read per
    /// packet); anything else first acts on what the run left, so the order the application sees is kept.
    /// </summary>
    private void OnReceivedFrames(ReceivedFrames frames)
    {
        try
        {
            foreach (var message in frames.Messages)
            {
                if (message is FrameReceived<StreamFrame> stream)
                {
                    _streamPumpDeferred = true;
                    OnStreamFrame(stream);
                    continue;
                }
                PumpDeferredStreams();
                OnReceive(message);
            }
        }
        finally
        {
            PumpDeferredStreams();
        }
    }

    private bool _streamPumpDeferred;
    private bool _streamPumpPending;

    private void OnStreamFrame(FrameReceived<StreamFrame> m)
    {
        if (_streamsAbortedWith is not null) return; // the application already heard the end
        Guarded(() =>
        {
            _registry.OnStream(m.Frame);
            if (_streamPumpDeferred) _streamPumpPending = true;
            else PumpStreams();
            return LifecycleActions.None;
        });
    }

    private void PumpDeferredStreams()
    {
        _streamPumpDeferred = false;
        if (!_streamPumpPending) return;
        _streamPumpPending = false;
        if (_streamsAbortedWith is not null) return;
        Guarded(() =>
        {
            PumpStreams();
            return LifecycleActions.None;
        });
    }

    /// <summary>A peer frame for the registry; bad input closes the connection with the frame's error (Guarded).</summary>
    private void PeerFrame(Action apply)
    {
        if (_streamsAbortedWith is not null) return; // the application already heard the end
        Guarded(() =>
        {
            apply();
            PumpStreams();
            return LifecycleActions.None;
        });
    }

    /// <summary>
    /// RFC 9221 §3: a DATAGRAM frame when we offered no max_datagram_frame_size, or one larger
    /// than it, is a PROTOCOL_VIOLATION.
    /// </summary>
    private void OnDatagramFrame(in DatagramFrame frame)
    {
        if (_localParameters.MaxDatagramFrameSize is not { } max || (ulong)frame.GetEncodedLength() > max)
            throw new QuicProtocolException(TransportErrorCode.ProtocolViolation, "DATAGRAM frame not allowed or too large", (ulong)frame.Type);
        // The receiver copied the payload into an array of exactly its size: hand that over.
        byte[] data = MemoryMarshal.TryGetArray(frame.Data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : frame.Data.ToArray();
        _options.Owner?.Tell(new DatagramFrameReceived(data));
    }

    /// <summary>
    /// Acts on the registry's events until there are none (serving a reader can close a stream,
    /// which raises another), then hands its control frames to the sender in one message.
    /// </summary>
    private void PumpStreams()
    {
        if (_streamsAbortedWith is not null) return;
        while (_registry.HasEvents)
        {
            _registry.DrainEvents(_streamEvents);
            foreach (var e in _streamEvents) OnRegistryEvent(e);
            _streamEvents.Clear();
        }
        _registry.DrainControlFrames(_streamControls, _clock.Now, _smoothedRtt);
        if (_streamControls.Count == 0) return;
        _children.Sender.Tell(new QueueStreamControl(_streamControls.ToArray()));
        _streamControls.Clear();
    }

    private void OnRegistryEvent(in StreamRegistryEvent e)
    {
        ulong id = e.StreamId.Value;
        switch (e.Kind)
        {
            case StreamRegistryEventKind.StreamOpenedByPeer:
                if (e.StreamId.IsBidirectional)
                {
                    // Our sending part exists from now on (RFC 9000 §3.1: "Ready"); a STOP_SENDING can reset it.
                    _children.Sender.Tell(new OpenSendStream(id, e.Value));
                    _sendSides[id] = new SendSide();
                }
                _options.Owner?.Tell(new StreamAccepted(id));
                break;
            case StreamRegistryEventKind.StreamDataAvailable:
                if (_readers.Remove(id, out var waiting)) Serve(e.StreamId, waiting.Reader, waiting.MaxBytes);
                break;
            case StreamRegistryEventKind.StreamResetByPeer:
                if (_readers.Remove(id, out var reader)) reader.Reader.Tell(new StreamResetReceived(id, e.Value));
                else _resetCodes[id] = e.Value; // the next ReadStream hears it, even after the registry forgot the stream
                break;
            case StreamRegistryEventKind.StopSendingReceived:
                OnStopSendingReceived(id, e.Value);
                break;
            case StreamRegistryEventKind.PeerStreamCreditRaised:
                _children.Sender.Tell(new PeerMaxStreamData(id, e.Value));
                break;
            case StreamRegistryEventKind.PeerConnectionCreditRaised:
                _children.Sender.Tell(new PeerMaxData(e.Value));
                break;
            case StreamRegistryEventKind.PeerStreamsLimitRaised:
                _children.Sender.Tell(new PeerMaxStreams(e.Flag, e.Value));
                DrainOpens(e.Flag);
                break;
            case StreamRegistryEventKind.StreamClosed:
                _children.Sender.Tell(new ForgetStream(id));
                // Only a stopped reader can still be waiting here: nothing more will come.
                if (_readers.Remove(id, out var stale)) stale.Reader.Tell(new StreamDataReceived(id, [], Fin: true));
                break;
        }
    }

    /// <summary>
    /// STOP_SENDING from the peer (RFC 9000 §3.5): reset our sending part with the same code and
    /// tell the writer; a stream nobody wrote to yet tells its first writer instead.
    /// </summary>
    private void OnStopSendingReceived(ulong id, ulong code)
    {
        _children.Sender.Tell(new ResetSendStream(id, code));
        if (!_sendSides.TryGetValue(id, out var side)) return;
        side.Reset = true;
        side.StopSendingCode = code;
        if (side.Writer is { } writer)
        {
            side.StopSendingReported = true;
            writer.Tell(new StreamStopSendingReceived(id, code));
        }
    }

    /// <summary>
    /// The sender's acknowledgment news for a stream: credit for the writer and, once the sending
    /// part is terminal ("Data Recvd" or "Reset Recvd", RFC 9000 §3.1), the registry may close it.
    /// </summary>
    private void OnSendProgress(StreamSendProgress progress)
    {
        ulong id = progress.StreamId;
        _sendSides.TryGetValue(id, out var side);
        if (side?.Writer is { } writer && _streamsAbortedWith is null)
        {
            if (progress.ReleasedBytes > 0) writer.Tell(new StreamWriteReleased(id, progress.ReleasedBytes));
            if (progress.Completed) writer.Tell(new StreamWriteCompleted(id));
        }
        if (!progress.Completed && !progress.ResetAcknowledged) return;
        _sendSides.Remove(id);
        if (_streamsAbortedWith is not null) return;
        _registry.OnSendSideClosed(new StreamId(id));
        PumpStreams();
    }

    /// <summary>
    /// The connection ended for the application: every outstanding read, open and write hears it
    /// (RFC 9000 §10: no stream state survives the connection), and later requests are answered at once.
    /// </summary>
    private void AbortStreams(CloseInfo info)
    {
        if (_streamsAbortedWith is not null) return;
        _streamsAbortedWith = info;
        foreach (var (id, read) in _readers) read.Reader.Tell(new StreamAborted(id, info));
        _readers.Clear();
        foreach (var queue in _pendingOpens)
        {
            foreach (var open in queue)
            {
                if (open.Requester is { } requester) requester.Tell(new StreamOpenFailed(Describe(info)));
                foreach (var (_, writer) in open.Writes) Tell(writer, new StreamAborted(open.ImplicitId, info));
            }
            queue.Clear();
        }
        foreach (var (id, side) in _sendSides)
            if (side.Writer is { } writer && !side.Reset) writer.Tell(new StreamAborted(id, info));
        _sendSides.Clear();
        _resetCodes.Clear();
    }

    private static string Describe(CloseInfo info) =>
        $"the connection closed ({info.Source}, {(info.IsApplicationError ? "application" : "transport")} error {info.ErrorCode}: {info.Reason})";
}
