using System.Globalization;
using System.Text;
using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.FileServer;

/// <summary>
/// The request logic of the file server (issue #5): GET and HEAD of files under a root directory.
/// No sockets, no clock: the caller passes <c>now</c> if it wants a Date header, streams the plan's
/// body and writes the access-log line.
/// <para>Status choices:</para>
/// <list type="bullet">
/// <item>405 with <c>Allow: GET, HEAD</c> for every other method, checked before the path;</item>
/// <item>400 for a malformed :path (see <see cref="RequestPathDecoder"/>: bad percent-encoding,
/// NUL/controls, backslashes, encoded slashes, "//");</item>
/// <item>404 for anything missing, hidden (unless allowed), not a regular file or directory, or
/// outside the root — by dot segments or by symlinks — so the outside is indistinguishable from
/// nothing; 403 only when the OS denies access to something inside the root;</item>
/// <item>a directory without its trailing slash: 308 to the slash form (method-preserving), so
/// the listing's relative links resolve; a directory with an index file serves that file.</item>
/// </list>
/// </summary>
public sealed partial class FileRequestHandler
{
    private static readonly Http3Field AcceptRanges = new("accept-ranges", "bytes");

    private readonly string _realRoot;
    private readonly FileServerOptions _options;

    public FileRequestHandler(string rootDirectory, FileServerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        // The root itself may sit behind symlinks (/tmp on some systems): compare real paths only.
        _realRoot = RealPath.ResolveAbsolute(rootDirectory) is { } real && Directory.Exists(real)
            ? real
            : throw new DirectoryNotFoundException($"file server root '{rootDirectory}' is not a directory");
        _options = options ?? FileServerOptions.Default;
    }

    /// <summary>The real path of the root: every served path starts with it.</summary>
    public string RealRoot => _realRoot;

    public FileResponsePlan Handle(Http3Request request) => Handle(request, now: null);

    /// <summary>Answers one request; never throws for any :path or header content.</summary>
    public FileResponsePlan Handle(Http3Request request, DateTimeOffset? now)
    {
        bool head = request.Method == "HEAD";
        if (!head && request.Method != "GET")
        {
            return Error(405, "Method Not Allowed", head: false, now, new Http3Field("allow", "GET, HEAD"));
        }
        if (request.Path is null) return Error(400, "Bad Request", head, now);

        var segments = new List<string>();
        var status = RequestPathDecoder.Decode(request.Path, segments, out bool trailingSlash);
        if (status == RequestPathStatus.Malformed) return Error(400, "Bad Request", head, now);
        if (status == RequestPathStatus.EscapesRoot) return NotFound(head, now);
        if (!_options.ServeHiddenFiles)
        {
            foreach (var segment in segments)
            {
                if (segment.StartsWith('.')) return NotFound(head, now);
            }
        }

        string? real = RealPath.Resolve(_realRoot, segments);
        // The heart of the matter: judged on the real path, after every symlink was followed.
        if (real is null || !RealPath.IsInside(real, _realRoot)) return NotFound(head, now);

        if (Directory.Exists(real))
        {
            return ServeDirectory(request, real, segments, trailingSlash, head, now);
        }
        // A file requested as "/file/" does not exist (RFC 3986 treats it as a directory).
        if (trailingSlash) return NotFound(head, now);
        return ServeFile(request, real, head, now);
    }

    private FileResponsePlan ServeFile(Http3Request request, string real, bool head, DateTimeOffset? now)
    {
        FileStream stream;
        long length;
        DateTime modified;
        try
        {
            // Only regular files: FIFOs, sockets and devices inside the root are 404 like anything
            // else that is not servable.
            if (UnixFileType.Of(real) == UnixFileType.Kind.Other) return NotFound(head, now);
            var info = new FileInfo(real);
            modified = info.LastWriteTimeUtc;
            // Where the type is unknown (not Linux), FIFOs, sockets and devices still report size 0:
            // never open a size-0 entry (a FIFO would block the open); an empty file needs no stream.
            if (info.Length == 0)
            {
                return FileHeaders(request, real, 0, modified, head, now, file: null);
            }
            stream = new FileStream(real, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
                BufferSize = 0, // the caller reads in large chunks; no second buffer
            });
        }
        catch (UnauthorizedAccessException)
        {
            return Error(403, "Forbidden", head, now);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            return NotFound(head, now);
        }
        try
        {
            // Length from the open handle: what we will actually read. Only seekable regular files.
            if (!stream.CanSeek)
            {
                stream.Dispose();
                return NotFound(head, now);
            }
            length = stream.Length;
            // Close the check-then-open race: a component swapped for a symlink after RealPath ran
            // would have us open something else. Ask the kernel what was actually opened.
            if (OpenedPathEscapes(stream))
            {
                stream.Dispose();
                return NotFound(head, now);
            }
        }
        catch (IOException)
        {
            stream.Dispose();
            return NotFound(head, now);
        }
        return FileHeaders(request, real, length, modified, head, now, stream);
    }

    private FileResponsePlan FileHeaders(Http3Request request, string real, long length, DateTime modified,
        bool head, DateTimeOffset? now, FileStream? file)
    {
        string? lastModified = _options.EmitLastModified
            ? modified.ToString("R", CultureInfo.InvariantCulture)
            : null;
        // RFC 9110 §14.2: Range is only for GET; §13.1.5: If-Range that does not match (we only
        // have a date validator) means the whole representation.
        string? rangeHeader = head ? null : FindHeader(request, "range");
        string? ifRange = FindHeader(request, "if-range");
        if (ifRange is not null && (lastModified is null || ifRange != lastModified)) rangeHeader = null;
        var range = ByteRange.Evaluate(rangeHeader, length);

        var headers = new List<Http3Field>(7);
        if (range.Kind == ByteRangeKind.Unsatisfiable)
        {
            file?.Dispose();
            headers.Add(new Http3Field("content-range", ByteRange.UnsatisfiedContentRange(length)));
            return Generated(416, "Range Not Satisfiable", head, now, headers);
        }

        int status = range.Kind == ByteRangeKind.Partial ? 206 : 200;
        headers.Add(new Http3Field("content-type", ContentTypes.ForFileName(Path.GetFileName(real))));
        headers.Add(new Http3Field("content-length", range.Length.ToString(CultureInfo.InvariantCulture)));
        headers.Add(AcceptRanges);
        if (status == 206) headers.Add(new Http3Field("content-range", range.ContentRange(length)));
        if (lastModified is not null) headers.Add(new Http3Field("last-modified", lastModified));
        AddDate(headers, now);
        var response = new Http3Response(status, headers, range.Length);

        if (head || range.Length == 0 || file is null)
        {
            file?.Dispose();
            return new FileResponsePlan(response, FileResponseBodyKind.None, default, null, 0, 0, real);
        }
        return new FileResponsePlan(response, FileResponseBodyKind.File, default, file, range.Offset, range.Length, real);
    }

    /// <summary>
    /// On Linux, /proc/self/fd/N names the real path of an open descriptor; where that is not
    /// available the pre-open check stands alone.
    /// </summary>
    private bool OpenedPathEscapes(FileStream stream) =>
        OpenedPath(stream) is { } opened && !RealPath.IsInside(opened, _realRoot);

    /// <summary>The kernel's name for what <paramref name="stream"/> has open, or null where unknown.</summary>
    internal static string? OpenedPath(FileStream stream)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            long fd = stream.SafeFileHandle.DangerousGetHandle().ToInt64();
            return new FileInfo(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}")).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindHeader(Http3Request request, string name)
    {
        if (request.Headers is null) return null;
        foreach (var field in request.Headers)
        {
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase)) return field.Value;
        }
        return null;
    }

    private static void AddDate(List<Http3Field> headers, DateTimeOffset? now)
    {
        if (now is { } n) headers.Add(new Http3Field("date", n.UtcDateTime.ToString("R", CultureInfo.InvariantCulture)));
    }

    private static FileResponsePlan NotFound(bool head, DateTimeOffset? now) => Error(404, "Not Found", head, now);

    private static FileResponsePlan Error(int status, string reason, bool head, DateTimeOffset? now, params Http3Field[] extra)
    {
        var headers = new List<Http3Field>(4 + extra.Length);
        headers.AddRange(extra);
        return Generated(status, reason, head, now, headers);
    }

    /// <summary>A small text/plain body ("404 Not Found\n"); HEAD gets the headers only.</summary>
    private static FileResponsePlan Generated(int status, string reason, bool head, DateTimeOffset? now, List<Http3Field> headers)
    {
        byte[] body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{status} {reason}\n"));
        return WithBody(status, ContentTypes.PlainText, body, head, now, headers, resolvedPath: null);
    }

    private static FileResponsePlan WithBody(int status, string contentType, byte[] body, bool head, DateTimeOffset? now,
        List<Http3Field> headers, string? resolvedPath)
    {
        headers.Insert(0, new Http3Field("content-type", contentType));
        headers.Insert(1, new Http3Field("content-length", body.Length.ToString(CultureInfo.InvariantCulture)));
        AddDate(headers, now);
        var response = new Http3Response(status, headers, body.Length);
        return head
            ? new FileResponsePlan(response, FileResponseBodyKind.None, default, null, 0, 0, resolvedPath)
            : new FileResponsePlan(response, FileResponseBodyKind.Buffer, body, null, 0, body.Length, resolvedPath);
    }
}
