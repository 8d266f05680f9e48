using System.Net;
using System.Text;

namespace ActorQuic.Http3.FileServer;

/// <summary>
/// The generated HTML listing of a directory: UTF-8, names HTML-escaped, links percent-encoded and
/// relative ("./name" so a name like "javascript:x" or "a:b" can never read as a scheme),
/// directories first (with a trailing '/'), each group in ordinal order, and "../" except at the root.
/// </summary>
internal static class DirectoryListingPage
{
    public readonly record struct Entry(string Name, bool IsDirectory);

    public static byte[] Render(string displayPath, List<Entry> entries, bool isRoot)
    {
        entries.Sort(static (a, b) => a.IsDirectory != b.IsDirectory
            ? (a.IsDirectory ? -1 : 1)
            : string.CompareOrdinal(a.Name, b.Name));

        string title = WebUtility.HtmlEncode("Index of " + displayPath);
        var sb = new StringBuilder(256 + entries.Count * 96);
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(title)
          .Append("</title></head>\n<body><h1>").Append(title).Append("</h1>\n<ul>\n");
        if (!isRoot) sb.Append("<li><a href=\"../\">../</a></li>\n");
        foreach (var entry in entries)
        {
            string suffix = entry.IsDirectory ? "/" : "";
            sb.Append("<li><a href=\"./").Append(PercentEncoding.EncodeSegment(entry.Name)).Append(suffix).Append("\">")
              .Append(WebUtility.HtmlEncode(entry.Name)).Append(suffix).Append("</a></li>\n");
        }
        sb.Append("</ul></body></html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
