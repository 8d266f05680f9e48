namespace ActorQuic.Http3.Frames;

/// <summary>
/// One step of <see cref="Http3FrameReader"/>. <see cref="Payload"/> points into the caller's
/// input or the reader's own buffer and is valid only until the next read.
/// </summary>
public readonly ref struct Http3FrameEvent
{
    public Http3FrameEvent(Http3FrameEventKind kind, ulong frameType, ulong frameLength, ReadOnlySpan<byte> payload)
    {
        Kind = kind;
        FrameType = frameType;
        FrameLength = frameLength;
        Payload = payload;
    }

    public Http3FrameEventKind Kind { get; }

    /// <summary>The raw frame type (compare with <see cref="Http3FrameType"/>; unknown values are possible).</summary>
    public ulong FrameType { get; }

    /// <summary>The frame's declared payload length.</summary>
    public ulong FrameLength { get; }

    /// <summary>Empty for <see cref="Http3FrameEventKind.FrameHeader"/>.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    public bool Is(Http3FrameType type) => FrameType == (ulong)type;
}
