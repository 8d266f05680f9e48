using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// The receive side of the peer's control stream (RFC 9114 §6.2.1), after its stream type byte.
/// Enforces the stream's rules and surfaces only validated frames:
/// <list type="bullet">
/// <item>the first frame must be SETTINGS, else H3_MISSING_SETTINGS (§6.2.1); a second SETTINGS is H3_FRAME_UNEXPECTED (§7.2.4);</item>
/// <item>DATA, HEADERS and PUSH_PROMISE are H3_FRAME_UNEXPECTED (§7.2.1, §7.2.2, §7.2.5);</item>
/// <item>GOAWAY ids must not increase (H3_ID_ERROR, §5.2) and from a server must be client bidirectional stream ids (§7.2.6);</item>
/// <item>MAX_PUSH_ID from a server is H3_FRAME_UNEXPECTED; from a client it must not decrease (§7.2.7);</item>
/// <item>CANCEL_PUSH is H3_ID_ERROR: we never send MAX_PUSH_ID (client) nor promise pushes (server), so no push id is valid (§7.2.3);</item>
/// <item>unknown and reserved frames are skipped (§9), except before SETTINGS;</item>
/// <item>the stream ending or being reset is H3_CLOSED_CRITICAL_STREAM (§6.2.1) — report it with <see cref="OnStreamClosed"/>.</item>
/// </list>
/// Every violation is a connection error.
/// </summary>
public sealed class Http3ControlStreamReader : IDisposable
{
    private readonly Http3FrameReader _frames;
    private readonly bool _peerIsServer;
    private bool _settingsReceived;
    private ulong? _lastGoawayId;
    private ulong? _lastMaxPushId;

    /// <param name="localRole">Our role; the peer is the other one.</param>
    /// <param name="maxSettingsFrameLength">Cap on the buffered SETTINGS payload (larger → H3_EXCESSIVE_LOAD).</param>
    public Http3ControlStreamReader(StreamInitiator localRole, int maxSettingsFrameLength = Http3FrameReader.DefaultMaxSettingsFrameLength)
    {
        _peerIsServer = localRole == StreamInitiator.Client;
        // Field sections never appear here, so the reader may refuse to buffer any.
        _frames = new Http3FrameReader(maxFieldSectionFrameLength: 0, maxSettingsFrameLength);
    }

    /// <summary>The peer's settings once received; until then the defaults apply (§7.2.4.2).</summary>
    public Http3Settings? PeerSettings { get; private set; }

    /// <summary>The smallest GOAWAY id received so far.</summary>
    public ulong? GoawayId => _lastGoawayId;

    /// <summary>Consumes control stream bytes; true with the next validated frame.</summary>
    public bool TryRead(ref ReadOnlySpan<byte> input, out ControlStreamEvent controlEvent)
    {
        while (_frames.TryRead(ref input, out var ev))
        {
            if (ev.Kind == Http3FrameEventKind.FrameHeader)
            {
                CheckFrameAllowed(ev.FrameType);
                continue;
            }
            // Only buffered frame payloads get past CheckFrameAllowed (DATA never does).
            controlEvent = OnPayload((Http3FrameType)ev.FrameType, ev.Payload);
            return true;
        }
        controlEvent = default;
        return false;
    }

    /// <summary>The control stream ended (FIN) or was reset: always fatal (§6.2.1).</summary>
    public void OnStreamClosed() =>
        throw new Http3ProtocolException(Http3ErrorCode.ClosedCriticalStream, "peer closed its control stream");

    public void Dispose() => _frames.Dispose();

    private void CheckFrameAllowed(ulong type)
    {
        if (!_settingsReceived)
        {
            // §6.2.1 and §9: an unknown frame does not satisfy "SETTINGS first" either.
            if (type != (ulong)Http3FrameType.Settings)
                throw new Http3ProtocolException(Http3ErrorCode.MissingSettings, $"control stream began with frame type 0x{type:x}");
            _settingsReceived = true;
            return;
        }
        switch ((Http3FrameType)type)
        {
            case Http3FrameType.Settings:
                throw new Http3ProtocolException(Http3ErrorCode.FrameUnexpected, "second SETTINGS frame");
            case Http3FrameType.Data:
            case Http3FrameType.Headers:
            case Http3FrameType.PushPromise:
                throw new Http3ProtocolException(Http3ErrorCode.FrameUnexpected, $"{(Http3FrameType)type} on the control stream");
            case Http3FrameType.MaxPushId when _peerIsServer:
                throw new Http3ProtocolException(Http3ErrorCode.FrameUnexpected, "MAX_PUSH_ID from a server");
        }
    }

    private ControlStreamEvent OnPayload(Http3FrameType type, ReadOnlySpan<byte> payload)
    {
        switch (type)
        {
            case Http3FrameType.Settings:
                PeerSettings = Http3Settings.Decode(payload);
                return ControlStreamEvent.ForSettings(PeerSettings);

            case Http3FrameType.Goaway:
                ulong id = GoawayFrame.Decode(payload).Id;
                // §7.2.6: a server's GOAWAY names a client-initiated bidirectional stream.
                if (_peerIsServer && (id & 0x3) != 0)
                    throw new Http3ProtocolException(Http3ErrorCode.IdError, $"GOAWAY id {id} is not a client bidirectional stream");
                if (id > _lastGoawayId)
                    throw new Http3ProtocolException(Http3ErrorCode.IdError, $"GOAWAY id rose from {_lastGoawayId} to {id}");
                _lastGoawayId = id;
                return ControlStreamEvent.ForGoaway(id);

            case Http3FrameType.MaxPushId:
                ulong max = MaxPushIdFrame.Decode(payload).PushId;
                if (max < _lastMaxPushId)
                    throw new Http3ProtocolException(Http3ErrorCode.IdError, $"MAX_PUSH_ID fell from {_lastMaxPushId} to {max}");
                _lastMaxPushId = max;
                return ControlStreamEvent.ForMaxPushId(max);

            case Http3FrameType.CancelPush:
                ulong pushId = CancelPushFrame.Decode(payload).PushId;
                throw new Http3ProtocolException(Http3ErrorCode.IdError,
                    _peerIsServer ? $"CANCEL_PUSH {pushId} but we never sent MAX_PUSH_ID" : $"CANCEL_PUSH {pushId} for a push we never promised");

            default:
                throw new Http3ProtocolException(Http3ErrorCode.InternalError, $"unexpected buffered frame {type}");
        }
    }
}
