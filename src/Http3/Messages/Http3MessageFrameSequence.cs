namespace ActorQuic.Http3.Messages;

/// <summary>
/// The frame order of one HTTP message on a request stream (RFC 9114 §4.1): a HEADERS frame,
/// DATA frames, an optional trailing HEADERS frame; for responses, interim (1xx) header
/// sections may come first. Unknown and reserved frames are allowed anywhere. Also counts DATA
/// against Content-Length (§4.1.2).
/// <para>
/// Protocol: call <see cref="OnFrame"/> for every frame header; after decoding a response header
/// section that turns out to be interim, call <see cref="OnInterimResponse"/> before the next
/// frame; pass the validated Content-Length to <see cref="SetContentLength"/>; report content
/// bytes with <see cref="OnContent"/> and a clean end of stream with <see cref="OnEndOfStream"/>.
/// </para>
/// Frame-order violations are connection errors (H3_FRAME_UNEXPECTED); message violations are
/// stream errors (H3_MESSAGE_ERROR, H3_REQUEST_INCOMPLETE).
/// </summary>
public sealed class Http3MessageFrameSequence
{
    private readonly Http3MessageDirection _direction;
    private State _state;
    private long _contentReceived;
    private long? _expectedContent;
    private bool _tunnel;

    public Http3MessageFrameSequence(Http3MessageDirection direction) => _direction = direction;

    private enum State : byte { AwaitingHeaders, HeaderSectionReceived, TrailersReceived }

    /// <summary>Content bytes received so far.</summary>
    public long ContentReceived => _contentReceived;

    /// <summary>Whether the final (non-interim) header section has arrived.</summary>
    public bool HasHeaderSection => _state != State.AwaitingHeaders;

    /// <summary>Classifies the next frame on the stream, or throws if it may not appear here.</summary>
    public Http3MessagePart OnFrame(ulong frameType)
    {
        switch (frameType)
        {
            case (ulong)Frames.Http3FrameType.Headers:
                if (_state == State.AwaitingHeaders)
                {
                    _state = State.HeaderSectionReceived;
                    return Http3MessagePart.HeaderSection;
                }
                // §4.4: after CONNECT only DATA may follow; §4.1: nothing follows the trailers.
                if (_state == State.TrailersReceived || _tunnel)
                    throw Unexpected(_tunnel ? "HEADERS on a CONNECT tunnel" : "HEADERS after the trailer section");
                _state = State.TrailersReceived;
                return Http3MessagePart.TrailerSection;

            case (ulong)Frames.Http3FrameType.Data:
                if (_state == State.AwaitingHeaders) throw Unexpected("DATA before the header section");
                if (_state == State.TrailersReceived) throw Unexpected("DATA after the trailer section");
                return Http3MessagePart.Content;

            case (ulong)Frames.Http3FrameType.PushPromise:
                // §7.2.5: a server never receives PUSH_PROMISE. A client would need to have sent
                // MAX_PUSH_ID (§7.2.5, §4.6); we never do, so every push id is too large.
                if (_direction == Http3MessageDirection.Request) throw Unexpected("PUSH_PROMISE from a client");
                throw new Http3ProtocolException(Http3ErrorCode.IdError, "PUSH_PROMISE but no MAX_PUSH_ID was sent");

            case (ulong)Frames.Http3FrameType.Settings:
            case (ulong)Frames.Http3FrameType.Goaway:
            case (ulong)Frames.Http3FrameType.CancelPush:
            case (ulong)Frames.Http3FrameType.MaxPushId:
                throw Unexpected($"{(Frames.Http3FrameType)frameType} on a request stream");

            default:
                if (Frames.Http3FrameTypes.IsHttp2Reserved(frameType)) throw Unexpected($"HTTP/2 frame type 0x{frameType:x}");
                return Http3MessagePart.Ignored;
        }
    }

    /// <summary>
    /// The header section just received was an interim (1xx) response: the final response's
    /// HEADERS is still to come and no content may precede it (§4.1).
    /// </summary>
    public void OnInterimResponse()
    {
        if (_direction != Http3MessageDirection.Response || _state != State.HeaderSectionReceived || _contentReceived != 0)
            throw new InvalidOperationException("an interim response follows only a response header section");
        _state = State.AwaitingHeaders;
    }

    /// <summary>
    /// Sets the expected content length from the validated header section. <paramref name="contentLength"/>
    /// is the Content-Length field (null if absent); <paramref name="noContent"/> marks messages
    /// defined to have no content whatever Content-Length says (responses to HEAD, 204, 304), §4.1.2.
    /// </summary>
    public void SetContentLength(long? contentLength, bool noContent = false)
    {
        _expectedContent = noContent ? 0 : contentLength;
        CheckContentNotExceeded();
    }

    /// <summary>The validated request was CONNECT (§4.4): from now on only DATA (and unknown frames) may follow.</summary>
    public void BeginTunnel() => _tunnel = true;

    /// <summary>Counts content bytes (DATA payload) as they arrive; going past Content-Length is malformed early.</summary>
    public void OnContent(int length)
    {
        _contentReceived += length;
        CheckContentNotExceeded();
    }

    /// <summary>
    /// The stream ended cleanly. A request without its header section is H3_REQUEST_INCOMPLETE
    /// (§4.1), a response without a final header section or content short of Content-Length is
    /// H3_MESSAGE_ERROR (§4.1.2); all are stream errors.
    /// </summary>
    public void OnEndOfStream()
    {
        if (_state == State.AwaitingHeaders)
        {
            throw _direction == Http3MessageDirection.Request
                ? new Http3ProtocolException(Http3ErrorCode.RequestIncomplete, "request stream ended before the header section", isConnectionError: false)
                : Http3Malformed.Error("response stream ended before the final header section");
        }
        if (_expectedContent is { } expected && _contentReceived != expected)
            throw Http3Malformed.Error($"content-length {expected} but {_contentReceived} bytes of DATA");
    }

    private void CheckContentNotExceeded()
    {
        if (_expectedContent is { } expected && _contentReceived > expected)
            throw Http3Malformed.Error($"content-length {expected} but at least {_contentReceived} bytes of DATA");
    }

    private static Http3ProtocolException Unexpected(string reason) => new(Http3ErrorCode.FrameUnexpected, reason);
}
