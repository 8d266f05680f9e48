namespace ActorQuic.Http3.FileServer;

/// <summary>Where the content of a <see cref="FileResponsePlan"/> comes from.</summary>
public enum FileResponseBodyKind : byte
{
    /// <summary>No content is sent: HEAD, redirects with nothing to say, zero-length files.</summary>
    None,

    /// <summary>A small generated body (listing, error page) held in <see cref="FileResponsePlan.Buffer"/>.</summary>
    Buffer,

    /// <summary>A slice of an open file, streamed in chunks by the caller; never loaded whole.</summary>
    File,
}
