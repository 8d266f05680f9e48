using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.FileServer;

/// <summary>Directory requests: trailing-slash redirect, index file, generated listing.</summary>
public sealed partial class FileRequestHandler
{
    private FileResponsePlan ServeDirectory(Http3Request request, string real, List<string> segments,
        bool trailingSlash, bool head, DateTimeOffset? now)
    {
        if (segments.Count > 0 && !trailingSlash)
        {
            // 308 keeps the method (RFC 9110 §15.4.9). The Location is rebuilt from the normalized,
            // re-encoded segments, never echoed: it always starts with "/" and one non-empty segment,
            // so it cannot become "//host" (an open redirect).
            string location = PercentEncoding.EncodePath(segments, trailingSlash: true) + QueryOf(request.Path!);
            return Error(308, "Permanent Redirect", head, now, new Http3Field("location", location));
        }

        if (_options.IndexFileName is { Length: > 0 } indexName)
        {
            var indexSegments = new List<string>(segments) { indexName };
            string? index = RealPath.Resolve(_realRoot, indexSegments);
            if (index is not null && RealPath.IsInside(index, _realRoot) && File.Exists(index))
            {
                return ServeFile(request, index, head, now);
            }
        }
        if (!_options.EnableDirectoryListing) return NotFound(head, now);

        List<DirectoryListingPage.Entry> entries;
        try
        {
            entries = ListEntries(real);
        }
        catch (UnauthorizedAccessException)
        {
            return Error(403, "Forbidden", head, now);
        }
        catch (IOException)
        {
            return NotFound(head, now);
        }
        string display = segments.Count == 0 ? "/" : "/" + string.Join('/', segments) + "/";
        byte[] page = DirectoryListingPage.Render(display, entries, isRoot: segments.Count == 0);
        return WithBody(200, ContentTypes.Html, page, head, now, [], real);
    }

    private List<DirectoryListingPage.Entry> ListEntries(string real)
    {
        var entries = new List<DirectoryListingPage.Entry>();
        foreach (var info in new DirectoryInfo(real).EnumerateFileSystemInfos())
        {
            if (!_options.ServeHiddenFiles && info.Name.StartsWith('.')) continue;
            if (info.LinkTarget is not null)
            {
                // List a symlink only if following it stays inside the root (as a request would).
                string? target = RealPath.Resolve(real, [info.Name]);
                if (target is null || !RealPath.IsInside(target, _realRoot)) continue;
                entries.Add(new(info.Name, Directory.Exists(target)));
                continue;
            }
            bool isDirectory = (info.Attributes & FileAttributes.Directory) != 0;
            if (!isDirectory && UnixFileType.Of(info.FullName) == UnixFileType.Kind.Other) continue; // FIFOs, sockets, devices
            entries.Add(new(info.Name, isDirectory));
        }
        return entries;
    }

    private static string QueryOf(string path)
    {
        int q = path.IndexOf('?');
        if (q < 0) return "";
        int hash = path.IndexOf('#', q);
        return hash < 0 ? path[q..] : path[q..hash];
    }
}
