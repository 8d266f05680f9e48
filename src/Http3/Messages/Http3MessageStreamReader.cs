using ActorQuic.Http3.Frames;

namespace ActorQuic.Http3.Messages;

/// <summary>
/// The receive side of a request stream: frame parsing (<see cref="Http3FrameReader"/>) plus the
/// message frame order (<see cref="Http3MessageFrameSequence"/>). Push bytes in, pull header
/// sections, content chunks and trailer sections out; unknown frames vanish. Content is counted
/// against Content-Length automatically; the caller decodes and validates field sections and
/// reports back through <see cref="Sequence"/> (interim responses, Content-Length, CONNECT).
/// </summary>
public sealed class Http3MessageStreamReader : IDisposable
{
    private readonly Http3FrameReader _frames;
    private Http3MessagePart _pendingHeadersPart;

    public Http3MessageStreamReader(Http3MessageDirection direction, int maxFieldSectionFrameLength = Http3FrameReader.DefaultMaxFieldSectionFrameLength)
    {
        // SETTINGS is never valid here, so none is buffered: the sequence rejects it at its header.
        _frames = new Http3FrameReader(maxFieldSectionFrameLength, maxSettingsFrameLength: 0);
        Sequence = new Http3MessageFrameSequence(direction);
    }

    public Http3MessageFrameSequence Sequence { get; }

    /// <summary>Consumes bytes from <paramref name="input"/>; true with the next part of the message.</summary>
    public bool TryRead(ref ReadOnlySpan<byte> input, out Http3MessageEvent messageEvent)
    {
        while (_frames.TryRead(ref input, out var ev))
        {
            switch (ev.Kind)
            {
                case Http3FrameEventKind.FrameHeader:
                    // Judge the frame's place before any of its payload is buffered.
                    var part = Sequence.OnFrame(ev.FrameType);
                    if (part is Http3MessagePart.HeaderSection or Http3MessagePart.TrailerSection) _pendingHeadersPart = part;
                    continue;
                case Http3FrameEventKind.DataChunk:
                    Sequence.OnContent(ev.Payload.Length);
                    messageEvent = new Http3MessageEvent(Http3MessagePart.Content, ev.Payload);
                    return true;
                default: // FramePayload: only HEADERS gets here, PUSH_PROMISE and control frames are refused at their header
                    messageEvent = new Http3MessageEvent(_pendingHeadersPart, ev.Payload);
                    return true;
            }
        }
        messageEvent = default;
        return false;
    }

    /// <summary>Clean end of stream: a truncated frame is H3_FRAME_ERROR, an incomplete message a stream error.</summary>
    public void CompleteStream()
    {
        _frames.CompleteStream();
        Sequence.OnEndOfStream();
    }

    public void Dispose() => _frames.Dispose();
}
