namespace ActorQuic.Http3.Messages;

/// <summary>
/// One step of <see cref="Http3MessageStreamReader"/>: an encoded header or trailer section (whole),
/// or a piece of content. <see cref="Payload"/> is valid only until the next read.
/// </summary>
public readonly ref struct Http3MessageEvent
{
    public Http3MessageEvent(Http3MessagePart part, ReadOnlySpan<byte> payload)
    {
        Part = part;
        Payload = payload;
    }

    /// <summary><see cref="Http3MessagePart.HeaderSection"/>, <see cref="Http3MessagePart.Content"/> or <see cref="Http3MessagePart.TrailerSection"/>.</summary>
    public Http3MessagePart Part { get; }

    /// <summary>The QPACK-encoded field section, or content bytes.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
