namespace ActorQuic.Http3.FileServer;

/// <summary>
/// The final real path of a file system entry: every component resolved through symlinks one hop
/// at a time (like POSIX realpath(3)), so a link whose target is itself under a linked directory, or
/// a relative target with "..", is followed exactly as the kernel would. Nothing is opened.
/// </summary>
internal static class RealPath
{
    /// <summary>Linux's own limit on symlink hops (ELOOP after 40).</summary>
    private const int MaxLinkHops = 40;

    /// <summary>
    /// Resolves <paramref name="relative"/> components below the already-real directory
    /// <paramref name="realBase"/>. Returns null when a component is missing, a non-directory is
    /// walked through, or links loop.
    /// </summary>
    public static string? Resolve(string realBase, IReadOnlyList<string> relative)
    {
        var pending = new List<string>(relative.Count + 4);
        for (int i = relative.Count - 1; i >= 0; i--) pending.Add(relative[i]); // a stack: last element is next
        return Walk(realBase, pending);
    }

    /// <summary>The real path of an absolute path (used once, for the root).</summary>
    public static string? ResolveAbsolute(string absolute)
    {
        string full = Path.GetFullPath(absolute);
        string root = Path.GetPathRoot(full) ?? "/";
        var pending = new List<string>();
        PushComponents(pending, full[root.Length..]);
        return Walk(root, pending);
    }

    private static string? Walk(string current, List<string> pending)
    {
        int hops = 0;
        try
        {
            while (pending.Count > 0)
            {
                string name = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                if (name.Length == 0 || name == ".") continue;
                if (name == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current; // ".." of "/" is "/"
                    continue;
                }
                string candidate = Path.Join(current, name);
                string? target = new FileInfo(candidate).LinkTarget;
                if (target is not null)
                {
                    if (++hops > MaxLinkHops) return null;
                    if (Path.IsPathRooted(target))
                    {
                        string targetRoot = Path.GetPathRoot(target) ?? "/";
                        current = targetRoot;
                        PushComponents(pending, target[targetRoot.Length..]);
                    }
                    else
                    {
                        PushComponents(pending, target); // relative to the link's directory, i.e. current
                    }
                    continue;
                }
                if (Directory.Exists(candidate)) { current = candidate; continue; }
                // A non-directory can only be the last component.
                if (pending.Count == 0 && File.Exists(candidate)) { current = candidate; continue; }
                return null;
            }
            return current;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Unreadable link, name too long, invalid characters: not found, never a crash.
            return null;
        }
    }

    private static void PushComponents(List<string> stack, string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (int i = parts.Length - 1; i >= 0; i--) stack.Add(parts[i]);
    }

    /// <summary>Whether <paramref name="realPath"/> is <paramref name="realRoot"/> or below it.</summary>
    public static bool IsInside(string realPath, string realRoot)
    {
        if (realPath.Length == realRoot.Length) return string.Equals(realPath, realRoot, PathComparison);
        string prefix = Path.EndsInDirectorySeparator(realRoot) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        return realPath.StartsWith(prefix, PathComparison);
    }

    // Case-insensitive file systems (Windows, default macOS) would need the platform's rules; the
    // server runs on Linux, where names are byte-exact.
    private static StringComparison PathComparison => StringComparison.Ordinal;
}
