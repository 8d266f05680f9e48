using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Transport;

namespace ActorQuic.Protocol.Connection;

/// <summary>
/// The connection's stream table, owned by the ConnectionActor: the receiving part of every
/// stream (reassembly, receive flow control, RFC 9000 §3.2, §4) and the lifecycle of all
/// streams (implicit opening, limits, closing, MAX_STREAMS, RFC 9000 §2.1, §3.4, §4.6). The
/// sending parts live in the sender; the two talk only through plain values the owner carries:
/// <see cref="StreamRegistryEvent"/>s out, <see cref="OnSendSideClosed"/> in.
/// </summary>
/// <remarks>
/// <para>Poll contract: feed frames (<c>On*</c>) and application calls, then drain
/// <see cref="DrainEvents"/> and <see cref="DrainControlFrames(List{StreamControlFrame}, TimeSpan, TimeSpan)"/>.
/// Bad peer input throws <see cref="QuicProtocolException"/> with the RFC's error code; the
/// connection then closes and the registry must not be used again.</para>
/// <para>Memory is bounded by what we advertise: a stream buffers at most its window, all
/// streams together at most the connection window (every byte buffered was counted against
/// MAX_DATA and is released from it only when consumed), and the peer can have at most our
/// MAX_STREAMS streams open at once (RFC 9000 §4.6). Streams that closed are forgotten;
/// "closed" is recomputed from the stream limits: an ID below the opened count of its type that
/// is not in the table was closed, so late frames for it are ignored and never reopen it.</para>
/// </remarks>
public sealed partial class StreamRegistry : IDisposable
{
    private readonly StreamLimits _limits;
    private readonly Dictionary<ulong, RegistryStream> _streams = [];
    private readonly ReceiveFlowController _connectionFlow;
    private readonly List<StreamRegistryEvent> _events = [];
    private readonly List<RegistryStream> _pendingDataEvents = [];
    private readonly List<RegistryStream> _creditChecks = [];
    private readonly List<StreamControlFrame> _controlQueue = [];
    private readonly TransportParameters _local;
    private readonly StreamRegistryOptions _options;

    // The peer's transport parameters (RFC 9000 §18.2), zero until known.
    private ulong _peerMaxData;
    private ulong _peerMaxStreamDataBidiLocal;
    private ulong _peerMaxStreamDataBidiRemote;
    private ulong _peerMaxStreamDataUni;
    private bool _disposed;

    /// <param name="localRole">Whether we are the client or the server.</param>
    /// <param name="localParameters">Our transport parameters: initial windows and stream limits we advertise.</param>
    /// <param name="options">Auto-tuning limits and buffer block size; defaults without tuning.</param>
    public StreamRegistry(StreamInitiator localRole, TransportParameters localParameters, StreamRegistryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localParameters);
        _options = options ?? new StreamRegistryOptions();
        _options.Validate();
        LocalRole = localRole;
        _local = localParameters;
        _limits = new StreamLimits(localRole, localParameters.InitialMaxStreamsBidi, localParameters.InitialMaxStreamsUni);
        ulong maxData = localParameters.InitialMaxData;
        _connectionFlow = new ReceiveFlowController(maxData, Math.Max(maxData, _options.MaxConnectionReceiveWindow ?? maxData));
    }

    public StreamInitiator LocalRole { get; }

    /// <summary>Streams the registry tracks: opened and not yet closed.</summary>
    public int OpenStreamCount => _streams.Count;

    /// <summary>The MAX_DATA we advertised (RFC 9000 §19.9).</summary>
    public ulong ConnectionReceiveLimit => _connectionFlow.Limit;

    /// <summary>The connection window: how far past the consumed bytes MAX_DATA is placed.</summary>
    public ulong ConnectionReceiveWindow => _connectionFlow.Window;

    /// <summary>Sum over streams of the largest offset received (RFC 9000 §4.1).</summary>
    public ulong ConnectionBytesReceived => _connectionFlow.Received;

    /// <summary>Bytes read by the application or discarded (reset, stopped reading).</summary>
    public ulong ConnectionBytesConsumed => _connectionFlow.Consumed;

    /// <summary>
    /// Bytes counted against MAX_DATA and not consumed: an upper bound of what the buffers hold,
    /// never more than <see cref="ConnectionReceiveWindow"/>.
    /// </summary>
    public ulong UnconsumedBytes => _connectionFlow.Received - _connectionFlow.Consumed;

    /// <summary>The peer's MAX_DATA for what we send (RFC 9000 §19.9).</summary>
    public ulong PeerMaxData => _peerMaxData;

    /// <summary>Memory pinned by receive buffers (O(streams); diagnostics and tests).</summary>
    public long AllocatedBytes
    {
        get
        {
            long total = 0;
            foreach (var stream in _streams.Values)
                if (stream.Buffer is { } buffer) total += buffer.AllocatedBytes;
            return total;
        }
    }

    /// <summary>Streams of the peer's <paramref name="direction"/> type that are open (opened, not yet closed).</summary>
    public ulong GetOpenPeerStreamCount(StreamDirection direction)
    {
        var incoming = _limits.Incoming(direction);
        return incoming.OpenedCount - incoming.ClosedCount;
    }

    /// <summary>The stream count we advertise to the peer for <paramref name="direction"/> (RFC 9000 §4.6).</summary>
    public ulong GetLocalMaxStreams(StreamDirection direction) => _limits.Incoming(direction).MaxStreams;

    /// <summary>The peer's limit on streams we may open in <paramref name="direction"/>.</summary>
    public ulong GetPeerMaxStreams(StreamDirection direction) => _limits.Outgoing(direction).MaxStreams;

    /// <summary>The stream is open: created (by either side) and not yet closed.</summary>
    public bool IsOpen(StreamId id) => _streams.ContainsKey(id.Value);

    /// <summary>The stream was opened and has since closed and been forgotten.</summary>
    public bool IsClosed(StreamId id) => IsCreated(id) && !_streams.ContainsKey(id.Value);

    /// <summary>The state of the stream's receiving part, or null when it has none or it was forgotten.</summary>
    public ReceiveStreamState? GetReceiveState(StreamId id) =>
        _streams.TryGetValue(id.Value, out var s) ? s.State?.State : null;

    /// <summary>The MAX_STREAM_DATA currently advertised for the stream, or null when unknown.</summary>
    public ulong? GetStreamReceiveLimit(StreamId id) =>
        _streams.TryGetValue(id.Value, out var s) ? s.Flow?.Limit : null;

    /// <summary>Bytes readable on the stream right now (0 when closed).</summary>
    public ulong GetReadableBytes(StreamId id) =>
        _streams.TryGetValue(id.Value, out var s) && s.Buffer is { } b && !s.ReadingStopped ? b.ReadableBytes : 0;

    /// <summary>
    /// The peer's initial limit for our sending part of <paramref name="id"/> (RFC 9000 §18.2):
    /// what the sender's stream starts with. initial_max_stream_data_bidi_local of the peer
    /// applies to streams it opened, bidi_remote to ours, uni to our unidirectional streams.
    /// </summary>
    public ulong GetPeerInitialMaxStreamData(StreamId id)
    {
        if (!id.HasSendingPart(LocalRole)) return 0;
        if (id.IsUnidirectional) return _peerMaxStreamDataUni;
        return id.IsLocallyInitiated(LocalRole) ? _peerMaxStreamDataBidiRemote : _peerMaxStreamDataBidiLocal;
    }

    /// <summary>
    /// The peer's transport parameters (RFC 9000 §7.4, §18.2). May be called again (remembered
    /// 0-RTT values, then the handshake's): limits only grow. Raises events for what grew so the
    /// owner can forward them to the sender and to waiting openers.
    /// </summary>
    public void OnPeerTransportParameters(TransportParameters peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _peerMaxStreamDataBidiLocal = Math.Max(_peerMaxStreamDataBidiLocal, peer.InitialMaxStreamDataBidiLocal);
        _peerMaxStreamDataBidiRemote = Math.Max(_peerMaxStreamDataBidiRemote, peer.InitialMaxStreamDataBidiRemote);
        _peerMaxStreamDataUni = Math.Max(_peerMaxStreamDataUni, peer.InitialMaxStreamDataUni);
        if (_limits.OutgoingBidirectional.OnMaxStreamsReceived(peer.InitialMaxStreamsBidi, fromTransportParameters: true))
            _events.Add(StreamRegistryEvent.PeerStreamsLimitRaised(true, peer.InitialMaxStreamsBidi));
        if (_limits.OutgoingUnidirectional.OnMaxStreamsReceived(peer.InitialMaxStreamsUni, fromTransportParameters: true))
            _events.Add(StreamRegistryEvent.PeerStreamsLimitRaised(false, peer.InitialMaxStreamsUni));
        if (peer.InitialMaxData > _peerMaxData)
        {
            _peerMaxData = peer.InitialMaxData;
            _events.Add(StreamRegistryEvent.PeerConnectionCreditRaised(_peerMaxData));
        }
        // Streams opened before the parameters were known (0-RTT) start from them now.
        foreach (var stream in _streams.Values)
        {
            ulong initial = GetPeerInitialMaxStreamData(stream.Id);
            if (stream.SendOpen && initial > stream.PeerSendLimit)
            {
                stream.PeerSendLimit = initial;
                _events.Add(StreamRegistryEvent.PeerStreamCreditRaised(stream.Id, initial));
            }
        }
    }

    /// <summary>Moves the pending events, in order, to <paramref name="destination"/>.</summary>
    public void DrainEvents(List<StreamRegistryEvent> destination)
    {
        destination.AddRange(_events);
        _events.Clear();
        foreach (var stream in _pendingDataEvents) stream.PendingDataEvent = -1;
        _pendingDataEvents.Clear();
    }

    /// <summary>Whether <see cref="DrainEvents"/> has something.</summary>
    public bool HasEvents => _events.Count > 0;

    /// <summary>Returns every pooled receive buffer.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var stream in _streams.Values) stream.Buffer?.Dispose();
        _streams.Clear();
    }

    /// <summary>Whether the stream was ever created, by us or (explicitly or implicitly) by the peer.</summary>
    private bool IsCreated(StreamId id) =>
        id.IsLocallyInitiated(LocalRole)
            ? _limits.Outgoing(id.Direction).IsOpened(id)
            : _limits.Incoming(id.Direction).IsOpened(id);

    /// <summary>Our receive window for a new stream (RFC 9000 §18.2, from our point of view).</summary>
    private ulong GetLocalInitialWindow(StreamId id)
    {
        if (id.IsUnidirectional) return _local.InitialMaxStreamDataUni;
        return id.IsLocallyInitiated(LocalRole) ? _local.InitialMaxStreamDataBidiLocal : _local.InitialMaxStreamDataBidiRemote;
    }

    private RegistryStream CreateStream(StreamId id)
    {
        ulong peerSendLimit = GetPeerInitialMaxStreamData(id);
        RegistryStream stream;
        if (id.HasReceivingPart(LocalRole))
        {
            ulong window = GetLocalInitialWindow(id);
            stream = RegistryStream.WithReceivingPart(id, window, _options.MaxStreamReceiveWindow ?? window,
                _options.ReceiveBlockSize, id.HasSendingPart(LocalRole), peerSendLimit);
        }
        else
        {
            stream = RegistryStream.SendOnly(id, peerSendLimit);
        }
        _streams.Add(id.Value, stream);
        return stream;
    }

    /// <summary>
    /// Forgets the stream once both parts are terminal (RFC 9000 §3.4) and, for a peer stream,
    /// frees its slot towards the next MAX_STREAMS (RFC 9000 §4.6).
    /// </summary>
    private void TryClose(RegistryStream stream)
    {
        if (stream.SendOpen || !stream.ReceiveDone) return;
        if (!_streams.Remove(stream.Id.Value)) return;
        stream.Buffer?.Dispose();
        if (!stream.Id.IsLocallyInitiated(LocalRole)) _limits.OnPeerStreamClosed(stream.Id);
        _events.Add(StreamRegistryEvent.StreamClosed(stream.Id));
    }
}
