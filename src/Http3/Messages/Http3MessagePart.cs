namespace ActorQuic.Http3.Messages;

/// <summary>What a frame on a request stream is, given where the message is (RFC 9114 §4.1).</summary>
public enum Http3MessagePart : byte
{
    /// <summary>A HEADERS frame carrying a header section (for responses possibly an interim one).</summary>
    HeaderSection,

    /// <summary>A DATA frame: content.</summary>
    Content,

    /// <summary>A HEADERS frame after the content: the trailer section.</summary>
    TrailerSection,

    /// <summary>An unknown or reserved frame type: skip it (§4.1, §9).</summary>
    Ignored,
}
