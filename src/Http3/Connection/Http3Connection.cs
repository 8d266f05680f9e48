using ActorQuic.Http3.Frames;
using ActorQuic.Http3.QPack;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Connection;

/// <summary>
/// One HTTP/3 connection (RFC 9114), client or server, sans-IO: the stream layer feeds QUIC
/// events in (<see cref="OnStreamData"/>, <see cref="OnStreamReset"/>), the application calls
/// the Send* methods, and both drain <see cref="TryTakeOutput"/> for bytes to write per stream,
/// stream aborts, a connection close and received messages. Bad peer input never throws: it
/// becomes an <see cref="Http3AbortStream"/> (stream error) or <see cref="Http3CloseConnection"/>
/// (connection error, after which all input is ignored). Misuse by the application (wrong role or
/// stream kind, sending after our FIN) throws; sends on a stream that is gone or after close return false.
/// <para>Our unidirectional streams (control, QPACK encoder, decoder) are opened at construction
/// on the ids the caller chose: their first writes are queued immediately (§6.2.1: SETTINGS first).</para>
/// Server push is never used: we send no MAX_PUSH_ID and no PUSH_PROMISE (§4.6).
/// Not thread-safe: one owner (the connection's actor).
/// </summary>
public sealed partial class Http3Connection
{
    private readonly Http3ConnectionOptions _options;
    private readonly StreamInitiator _role;
    private readonly Queue<Http3Output> _outputs = new();
    private readonly QPackEncoder _encoder;
    private readonly QPackDecoder _decoder;
    private readonly Http3PeerStreams _peerStreams;
    private readonly Dictionary<long, PeerUniStream> _uniStreams = new();
    private readonly Dictionary<long, RequestStream> _requests = new();
    private Http3CloseConnection? _closed;

    public Http3Connection(Http3ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _role = options.Role;
        _encoder = new QPackEncoder(options.Encoder);
        _decoder = new QPackDecoder(options.Decoder);
        _peerStreams = new Http3PeerStreams(_role);
        LocalSettings = new Http3Settings
        {
            MaxFieldSectionSize = (ulong)options.Decoder.MaxFieldSectionSize,
            QpackMaxTableCapacity = (ulong)options.Decoder.MaxTableCapacity,
            QpackBlockedStreams = (ulong)options.Decoder.MaxBlockedStreams,
        }.WithGrease(options.GreaseSeed);
        OpenLocalStreams();
    }

    public StreamInitiator Role => _role;

    /// <summary>The SETTINGS we sent.</summary>
    public Http3Settings LocalSettings { get; }

    /// <summary>The peer's SETTINGS, or null until they arrive (defaults apply meanwhile, §7.2.4.2).</summary>
    public Http3Settings? PeerSettings { get; private set; }

    /// <summary>Set once a connection error happened (ours or the peer's input).</summary>
    public bool IsClosed => _closed is not null;

    /// <summary>The GOAWAY id we sent (server: first client bidirectional stream id not processed).</summary>
    public ulong? SentGoawayId { get; private set; }

    /// <summary>The smallest GOAWAY id the peer sent.</summary>
    public ulong? ReceivedGoawayId { get; private set; }

    /// <summary>Request streams still open in either direction (for graceful shutdown, §5.2).</summary>
    public int ActiveRequestCount => _requests.Count;

    /// <summary>Takes the next output, in the order produced.</summary>
    public bool TryTakeOutput(out Http3Output output) => _outputs.TryDequeue(out output!);

    /// <summary>
    /// Bytes arrived on <paramref name="streamId"/> (in order; <paramref name="fin"/> = the peer
    /// ended the stream). Any stream the peer can send on: request streams and peer unidirectional streams.
    /// </summary>
    public void OnStreamData(long streamId, ReadOnlySpan<byte> data, bool fin)
    {
        if (_closed is not null) return;
        try
        {
            if (streamId < 0 || (ulong)streamId > StreamId.MaxValue)
                throw new Http3ProtocolException(Http3ErrorCode.StreamCreationError, $"invalid stream id {streamId}");
            if ((streamId & 2) != 0) OnUnidirectionalData(streamId, data, fin);
            else OnRequestStreamData(streamId, data, fin);
        }
        catch (Http3ProtocolException e)
        {
            OnError(streamId, e);
        }
        FlushQpackStreams();
    }

    /// <summary>The peer reset <paramref name="streamId"/> (RESET_STREAM) with its application error code.</summary>
    public void OnStreamReset(long streamId, ulong errorCode)
    {
        if (_closed is not null) return;
        try
        {
            if ((streamId & 2) != 0)
            {
                if (_uniStreams.TryGetValue(streamId, out var uni))
                {
                    uni.Dispose();
                    _uniStreams.Remove(streamId);
                    if (uni.Kind is { } kind) Http3PeerStreams.OnStreamClosed(kind);
                }
            }
            else if (_requests.TryGetValue(streamId, out var request))
            {
                // RFC 9204 §2.2.2.2: the decoder forgets the stream and tells the encoder (Stream Cancellation).
                _decoder.CancelStream(streamId);
                request.Dispose();
                _requests.Remove(streamId);
                Retire(streamId);
                Emit(new Http3StreamResetReceived(streamId, errorCode));
            }
        }
        catch (Http3ProtocolException e)
        {
            OnError(streamId, e);
        }
        FlushQpackStreams();
    }

    private void OpenLocalStreams()
    {
        // RFC 9114 §6.2.1: the control stream starts with its type and SETTINGS; a grease frame
        // after it (§7.2.8) checks that the peer skips frames it does not know.
        var settings = LocalSettings;
        ulong greaseN = _options.GreaseSeed % 0x100;
        int length = QuicVarint.GetLength((ulong)UnidirectionalStreamType.Control) + settings.GetEncodedLength()
            + ReservedFrame.GetEncodedLength(greaseN, 1);
        var control = new byte[length];
        var w = new QuicWriter(control);
        UnidirectionalStreamTypeReader.WriteStreamType(ref w, UnidirectionalStreamType.Control);
        settings.Encode(ref w);
        ReservedFrame.Encode(ref w, greaseN, [(byte)(_options.GreaseSeed >> 8)]);
        Emit(new Http3StreamWrite(_options.ControlStreamId, control, false));
        // RFC 9204 §4.2: both QPACK streams are opened with their type even if never used further.
        Emit(new Http3StreamWrite(_options.QpackEncoderStreamId, [(byte)UnidirectionalStreamType.QpackEncoder], false));
        Emit(new Http3StreamWrite(_options.QpackDecoderStreamId, [(byte)UnidirectionalStreamType.QpackDecoder], false));
    }

    private void Emit(Http3Output output) => _outputs.Enqueue(output);

    /// <summary>Decoder-stream instructions (acknowledgments, increments, cancellations) go out after every input.</summary>
    private void FlushQpackStreams()
    {
        if (_closed is not null) return;
        if (_decoder.HasDecoderStreamBytes)
            Emit(new Http3StreamWrite(_options.QpackDecoderStreamId, _decoder.TakeDecoderStreamBytes(), false));
        if (_encoder.HasEncoderStreamBytes)
            Emit(new Http3StreamWrite(_options.QpackEncoderStreamId, _encoder.TakeEncoderStreamBytes(), false));
    }

    private void OnError(long streamId, Http3ProtocolException e)
    {
        if (e.IsConnectionError || (streamId & 2) != 0)
        {
            CloseConnection(e.ErrorCode, e.Reason);
            return;
        }
        AbortRequestStream(streamId, e.ErrorCode, e.Reason);
    }

    private void CloseConnection(Http3ErrorCode code, string reason)
    {
        if (_closed is not null) return;
        _closed = new Http3CloseConnection(code, reason);
        Emit(_closed);
        foreach (var request in _requests.Values) request.Dispose();
        foreach (var uni in _uniStreams.Values) uni.Dispose();
        _requests.Clear();
        _uniStreams.Clear();
    }
}
