namespace ActorQuic.Http3.Frames;

/// <summary>What an <see cref="Http3FrameEvent"/> reports.</summary>
public enum Http3FrameEventKind : byte
{
    /// <summary>
    /// A frame's type and length are known; nothing of its payload has been consumed. Emitted for
    /// every frame, including unknown types whose payload the reader then skips silently.
    /// </summary>
    FrameHeader,

    /// <summary>A piece of a DATA frame's payload, passed through without buffering.</summary>
    DataChunk,

    /// <summary>
    /// The complete payload of a buffered frame (HEADERS, PUSH_PROMISE, SETTINGS, GOAWAY,
    /// CANCEL_PUSH, MAX_PUSH_ID).
    /// </summary>
    FramePayload,
}
