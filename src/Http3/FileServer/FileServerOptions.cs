namespace ActorQuic.Http3.FileServer;

/// <summary>
/// Policies of <see cref="FileRequestHandler"/> that the issue left open. The defaults are the
/// conservative ones: hidden entries are not served or listed, a directory requested without its
/// trailing slash is redirected (308) so relative links in its listing resolve, and an
/// <c>index.html</c> inside a directory is served in place of the listing.
/// </summary>
public sealed record FileServerOptions
{
    /// <summary>
    /// Whether names starting with '.' (any path segment, e.g. <c>/.git/config</c>) are served and
    /// listed. Off by default: dotfiles are usually secrets or tooling state. A hidden request is a 404.
    /// </summary>
    public bool ServeHiddenFiles { get; init; }

    /// <summary>
    /// File served for a directory request when present; null serves the listing always.
    /// The index file goes through the same symlink/root checks as any other file.
    /// </summary>
    public string? IndexFileName { get; init; } = "index.html";

    /// <summary>Whether directories without an index file get a generated HTML listing (otherwise 404).</summary>
    public bool EnableDirectoryListing { get; init; } = true;

    /// <summary>Whether file responses carry Last-Modified (from the file's mtime, not the clock).</summary>
    public bool EmitLastModified { get; init; } = true;

    /// <summary>Size of the chunks <see cref="FileResponsePlan.WriteBodyToAsync"/> reads from disk.</summary>
    public int ChunkSize { get; init; } = 64 * 1024;

    public static FileServerOptions Default { get; } = new();
}
