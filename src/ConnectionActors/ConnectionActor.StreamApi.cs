using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Streams;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Streams, application side (StreamMessages.cs): reads are pulled (one ReadStream answered by
/// one StreamDataReceived, and only bytes handed out free credit, RFC 9000 §4.2), opens wait
/// for the peer's MAX_STREAMS (§4.6), writes go to the sender, whose acknowledgment news comes
/// back to the stream's writer. Requests on streams that cannot take them are logged and
/// ignored (writes) or answered with StreamAborted (reads): never a failure of the connection.
/// </summary>
public sealed partial class ConnectionActor
{
    private readonly Dictionary<ulong, PendingRead> _readers = [];
    private readonly Dictionary<ulong, ulong> _resetCodes = [];
    private readonly Dictionary<ulong, SendSide> _sendSides = [];
    private readonly Queue<PendingOpen>[] _pendingOpens = [new(), new()]; // [0] bidirectional, [1] unidirectional
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string? _applicationProtocol;
    private IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> _peerCertificates = [];
    private bool _established;

    private void ApplicationStreamHandlers()
    {
        Receive<ReadStream>(m => AppRequest(m, () => OnReadStream(m)));
        Receive<WriteStream>(m => AppRequest(m, () => OnWriteStream(m)));
        Receive<OpenStream>(m => AppRequest(m, () => OnOpenStream(m)));
        Receive<ResetStream>(m => AppRequest(m, () => OnResetStream(m)));
        Receive<StopReading>(m => AppRequest(m, () => OnStopReading(m)));
        Receive<SendDatagram>(m =>
        {
            if (_streamsAbortedWith is null) _children.Sender.Tell(m);
        });
        Receive<GetConnectionInfo>(_ => Sender.Tell(new ConnectionInfo(_options.Remote, _applicationProtocol, _peerCertificates,
            _streamsAbortedWith is null ? _registry.OpenStreamCount : 0, _established && _streamsAbortedWith is null)));
    }

    /// <summary>
    /// The checks above keep the registry's preconditions; should one still fail, the request is
    /// dropped with an error log instead of failing (and restarting) the connection.
    /// </summary>
    private void AppRequest(object request, Action handle)
    {
        try
        {
            handle();
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            _log.Error(error, "{0} could not be carried out: ignored", request);
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    private void OnReadStream(ReadStream read)
    {
        var reader = Sender;
        if (_streamsAbortedWith is { } info)
        {
            reader.Tell(new StreamAborted(read.StreamId, info));
            return;
        }
        if (read.StreamId > StreamId.MaxValue || read.MaxBytes <= 0)
        {
            Refuse(reader, read.StreamId, $"cannot be read with MaxBytes {read.MaxBytes}");
            return;
        }
        var id = new StreamId(read.StreamId);
        if (!id.HasReceivingPart(_registry.LocalRole))
        {
            Refuse(reader, read.StreamId, "has no receiving part here (our unidirectional stream)");
            return;
        }
        if (_resetCodes.Remove(id.Value, out ulong code))
        {
            reader.Tell(new StreamResetReceived(id.Value, code));
            return;
        }
        if (!_registry.IsOpen(id) && !_registry.IsClosed(id))
        {
            // Not created yet: a peer's stream may still arrive (read ahead), ours only if a queued write opens it.
            if (id.IsLocallyInitiated(_registry.LocalRole) && !IsQueuedForOpening(id))
            {
                Refuse(reader, read.StreamId, "was never opened");
                return;
            }
            Park(id.Value, reader, read.MaxBytes);
            return;
        }
        Serve(id, reader, read.MaxBytes);
        PumpStreams(); // the bytes handed out may have earned the peer new credit
    }

    /// <summary>Answers a read now if anything (data or the FIN) is there, else keeps the reader for when it is.</summary>
    private void Serve(StreamId id, IActorRef reader, int maxBytes)
    {
        ulong readable = _registry.GetReadableBytes(id);
        bool finished;
        if (readable == 0)
        {
            _registry.Read(id, Span<byte>.Empty, out finished);
            if (finished) reader.Tell(new StreamDataReceived(id.Value, [], Fin: true));
            else Park(id.Value, reader, maxBytes);
            return;
        }
        var data = new byte[(int)Math.Min((ulong)maxBytes, readable)];
        int n = _registry.Read(id, data, out finished);
        if (n < data.Length) Array.Resize(ref data, n);
        reader.Tell(new StreamDataReceived(id.Value, data, finished));
    }

    private void Park(ulong id, IActorRef reader, int maxBytes)
    {
        if (_readers.TryGetValue(id, out var previous) && !previous.Reader.Equals(reader))
            _log.Warning("stream {0}: a second outstanding ReadStream replaces the first reader's", id);
        _readers[id] = new PendingRead(reader, maxBytes);
    }

    /// <summary>A read that can never be answered with data: the reader hears StreamAborted so it does not wait forever.</summary>
    private void Refuse(IActorRef reader, ulong streamId, string why)
    {
        _log.Warning("ReadStream on stream {0} refused: it {1}", streamId, why);
        reader.Tell(new StreamAborted(streamId, new CloseInfo(CloseSource.Local, 0, IsApplicationError: true, 0, $"stream {streamId} {why}")));
    }

    /// <summary>The application abandons reading: STOP_SENDING (RFC 9000 §3.5); a waiting reader gets an empty FIN.</summary>
    private void OnStopReading(StopReading stop)
    {
        if (_streamsAbortedWith is not null || stop.StreamId > StreamId.MaxValue) return;
        var id = new StreamId(stop.StreamId);
        if (!id.HasReceivingPart(_registry.LocalRole) || !_registry.IsOpen(id))
        {
            if (!_registry.IsClosed(id)) _log.Warning("StopReading on stream {0}, which we do not receive on: ignored", stop.StreamId);
            _resetCodes.Remove(id.Value);
            return;
        }
        _registry.StopReading(id, stop.ApplicationErrorCode);
        _resetCodes.Remove(id.Value);
        if (_readers.Remove(id.Value, out var waiting)) waiting.Reader.Tell(new StreamDataReceived(id.Value, [], Fin: true));
        PumpStreams();
    }

    // ---- opening ---------------------------------------------------------------------------

    private void OnOpenStream(OpenStream open)
    {
        if (_streamsAbortedWith is { } info)
        {
            Sender.Tell(new StreamOpenFailed(Describe(info)));
            return;
        }
        _pendingOpens[open.Bidirectional ? 0 : 1].Enqueue(new PendingOpen(Sender, 0, []));
        DrainOpens(open.Bidirectional);
        PumpStreams(); // STREAMS_BLOCKED when the peer's limit holds us back (RFC 9000 §4.6)
    }

    /// <summary>
    /// Opens queued streams, in order, while the peer's MAX_STREAMS allows (RFC 9000 §4.6). Each
    /// gets its sending part in the sender; a requester hears StreamOpened, an implicit open's
    /// writes go through and the owner hears StreamOpened.
    /// </summary>
    private void DrainOpens(bool bidirectional)
    {
        // The peer's limits are not known yet (neither from the handshake nor remembered for 0-RTT).
        if (!(_peerParametersApplied || _rememberedParametersApplied) || _streamsAbortedWith is not null) return;
        var queue = _pendingOpens[bidirectional ? 0 : 1];
        while (queue.Count > 0 && _registry.TryOpenStream(bidirectional, out var id))
        {
            var open = queue.Dequeue();
            _children.Sender.Tell(new OpenSendStream(id.Value, _registry.GetPeerInitialMaxStreamData(id)));
            var side = new SendSide();
            _sendSides[id.Value] = side;
            if (open.Requester is { } requester)
            {
                requester.Tell(new StreamOpened(id.Value));
                continue;
            }
            _options.Owner?.Tell(new StreamOpened(id.Value));
            foreach (var (write, writer) in open.Writes) Write(id.Value, side, write, writer);
        }
    }

    /// <summary>
    /// RFC 9000 §4.6, §18.2: the peer's stream limits and initial credit (from the handshake, or
    /// remembered for 0-RTT); queued opens may proceed.
    /// </summary>
    private void ApplyPeerStreamLimits(Protocol.Transport.TransportParameters peer)
    {
        _registry.OnPeerTransportParameters(peer);
        DrainOpens(bidirectional: true);
        DrainOpens(bidirectional: false);
        PumpStreams();
    }

    private bool IsQueuedForOpening(StreamId id)
    {
        foreach (var open in _pendingOpens[id.IsBidirectional ? 0 : 1])
            if (open.Requester is null && open.ImplicitId == id.Value) return true;
        return false;
    }

    // ---- writing ---------------------------------------------------------------------------

    private void OnWriteStream(WriteStream write)
    {
        var writer = Sender;
        if (_streamsAbortedWith is { } info)
        {
            Tell(writer, new StreamAborted(write.StreamId, info));
            return;
        }
        if (write.StreamId > StreamId.MaxValue)
        {
            _log.Warning("WriteStream to invalid stream ID {0}: ignored", write.StreamId);
            return;
        }
        var id = new StreamId(write.StreamId);
        if (!id.HasSendingPart(_registry.LocalRole))
        {
            _log.Warning("WriteStream to stream {0}, the peer's unidirectional stream: ignored", write.StreamId);
            return;
        }
        if (_sendSides.TryGetValue(id.Value, out var side))
        {
            Write(id.Value, side, write, writer);
            return;
        }
        if (id.IsLocallyInitiated(_registry.LocalRole) && !_registry.IsOpen(id) && !_registry.IsClosed(id))
        {
            QueueImplicitOpen(id, write, writer);
            return;
        }
        _log.Warning("WriteStream to stream {0}, which is not open for sending (unknown, finished or reset): ignored", write.StreamId);
    }

    /// <summary>
    /// A write to our stream that is not open yet opens it when it is the next one of its type
    /// (RFC 9000 §2.1: streams open in order), once the peer's MAX_STREAMS allows; writes to it
    /// wait in the queue meanwhile. Any other unopened ID is ignored.
    /// </summary>
    private void QueueImplicitOpen(StreamId id, WriteStream write, IActorRef writer)
    {
        bool bidirectional = id.IsBidirectional;
        var queue = _pendingOpens[bidirectional ? 0 : 1];
        foreach (var open in queue)
        {
            if (open.Requester is null && open.ImplicitId == id.Value)
            {
                open.Writes.Add((write, writer));
                return;
            }
        }
        ulong expected = _registry.GetNextStreamId(bidirectional).Index + (ulong)queue.Count;
        if (id.Index != expected)
        {
            _log.Warning("WriteStream to stream {0}, which is not the next stream we may open: ignored", write.StreamId);
            return;
        }
        queue.Enqueue(new PendingOpen(null, id.Value, [(write, writer)]));
        DrainOpens(bidirectional);
        PumpStreams();
    }

    private void Write(ulong id, SendSide side, WriteStream write, IActorRef writer)
    {
        side.Writer ??= IsReal(writer) ? writer : null;
        if (side.StopSendingCode is { } code && !side.StopSendingReported)
        {
            // The peer stopped the stream before anyone wrote (RFC 9000 §3.5): the first writer hears it.
            side.StopSendingReported = true;
            Tell(writer, new StreamStopSendingReceived(id, code));
            return;
        }
        if (side.Reset || side.FinWritten)
        {
            _log.Warning("WriteStream to stream {0} after its {1}: ignored", id, side.Reset ? "reset" : "FIN");
            return;
        }
        side.FinWritten = write.Fin;
        _children.Sender.Tell(write);
    }

    private void OnResetStream(ResetStream reset)
    {
        if (_streamsAbortedWith is not null) return;
        if (!_sendSides.TryGetValue(reset.StreamId, out var side))
        {
            _log.Warning("ResetStream on stream {0}, which is not open for sending: ignored", reset.StreamId);
            return;
        }
        if (side.Reset) return;
        side.Reset = true; // RFC 9000 §3.1: "Reset Sent"; "Reset Recvd" comes back as StreamSendProgress
        _children.Sender.Tell(new ResetSendStream(reset.StreamId, reset.ApplicationErrorCode));
    }

    private bool IsReal(IActorRef? actor) => actor is not null && !actor.IsNobody() && !actor.Equals(Context.System.DeadLetters);

    private void Tell(IActorRef? actor, object message)
    {
        if (IsReal(actor)) actor!.Tell(message);
    }

    /// <summary>A reader waiting for data on a stream.</summary>
    private readonly record struct PendingRead(IActorRef Reader, int MaxBytes);

    /// <summary>
    /// An open waiting for the peer's MAX_STREAMS: an <see cref="OpenStream"/> (Requester set) or
    /// an implicit one by writes to <paramref name="ImplicitId"/> (Requester null).
    /// </summary>
    private sealed record PendingOpen(IActorRef? Requester, ulong ImplicitId, List<(WriteStream Write, IActorRef Writer)> Writes);

    /// <summary>What the connection knows of one of our sending parts until it is terminal.</summary>
    private sealed class SendSide
    {
        /// <summary>The sender of the first write: hears releases, completion and STOP_SENDING.</summary>
        public IActorRef? Writer { get; set; }
        public bool FinWritten { get; set; }
        public bool Reset { get; set; }
        public ulong? StopSendingCode { get; set; }
        public bool StopSendingReported { get; set; }
    }
}
