using System.Text;

namespace ActorQuic.Http3.FileServer;

/// <summary>Percent-encoding of one path segment (RFC 3986 §2.1): all but unreserved characters.</summary>
internal static class PercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    public static string EncodeSegment(string segment)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(segment);
        var sb = new StringBuilder(utf8.Length * 3);
        foreach (byte b in utf8)
        {
            // RFC 3986 §2.3 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~".
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }
        return sb.ToString();
    }

    /// <summary>"/a/b/" from segments, each encoded; the root is "/".</summary>
    public static string EncodePath(IReadOnlyList<string> segments, bool trailingSlash)
    {
        var sb = new StringBuilder();
        foreach (var s in segments) sb.Append('/').Append(EncodeSegment(s));
        if (trailingSlash || segments.Count == 0) sb.Append('/');
        return sb.ToString();
    }
}
