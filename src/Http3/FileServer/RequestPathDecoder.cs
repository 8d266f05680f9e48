using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ActorQuic.Http3.FileServer;

/// <summary>
/// Turns a request's :path into normalized segments relative to the root. Rules (decided here,
/// RFC 3986 §2.1, §3.3, §5.2.4):
/// <list type="bullet">
/// <item>the query and fragment are stripped; the rest must start with '/';</item>
/// <item>each segment is percent-decoded exactly once (so <c>%252e</c> is the literal name
/// <c>%2e</c>, never <c>.</c>); a '%' not followed by two hex digits is malformed;</item>
/// <item>malformed (400): backslashes (raw or <c>%5c</c>), encoded slashes <c>%2f</c> (a
/// segment may not contain a separator), NUL and other controls, invalid UTF-8, empty interior
/// segments (<c>//etc/passwd</c>: never let a segment look rooted);</item>
/// <item>dot segments (raw or decoded: <c>%2e%2e</c> is <c>..</c>) are resolved lexically as RFC
/// 3986 §5.2.4 does; a <c>..</c> above the root is <see cref="RequestPathStatus.EscapesRoot"/>.</item>
/// </list>
/// Symlinks are not this class's business: the resolver checks the real path afterwards.
/// </summary>
internal static class RequestPathDecoder
{
    public static RequestPathStatus Decode(string rawPath, List<string> segments, out bool trailingSlash)
    {
        segments.Clear();
        trailingSlash = false;
        int end = rawPath.AsSpan().IndexOfAny('?', '#');
        var path = end < 0 ? rawPath.AsSpan() : rawPath.AsSpan(0, end);
        if (path.IsEmpty || path[0] != '/') return RequestPathStatus.Malformed;

        byte[] scratch = ArrayPool<byte>.Shared.Rent(path.Length * 3); // worst case: raw non-ASCII, 3 UTF-8 bytes per char
        try
        {
            int start = 1;
            while (true)
            {
                int slash = path[start..].IndexOf('/');
                bool last = slash < 0;
                var raw = last ? path[start..] : path.Slice(start, slash);
                if (raw.IsEmpty)
                {
                    // "/" alone or a trailing "/": fine. "//" anywhere else: refused.
                    if (!last) return RequestPathStatus.Malformed;
                    trailingSlash = segments.Count > 0;
                    return RequestPathStatus.Ok;
                }
                if (!TryDecodeSegment(raw, scratch, out string? segment)) return RequestPathStatus.Malformed;
                if (segment == ".")
                {
                    // RFC 3986 §5.2.4: "/a/." is "/a/".
                    if (last) { trailingSlash = segments.Count > 0; return RequestPathStatus.Ok; }
                }
                else if (segment == "..")
                {
                    if (segments.Count == 0) return RequestPathStatus.EscapesRoot;
                    segments.RemoveAt(segments.Count - 1);
                    if (last) { trailingSlash = segments.Count > 0; return RequestPathStatus.Ok; }
                }
                else
                {
                    segments.Add(segment);
                    if (last) return RequestPathStatus.Ok;
                }
                start += slash + 1;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool TryDecodeSegment(ReadOnlySpan<char> raw, byte[] scratch, [NotNullWhen(true)] out string? segment)
    {
        segment = null;
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            int b;
            if (c == '%')
            {
                if (i + 2 >= raw.Length) return false;
                int hi = HexValue(raw[i + 1]), lo = HexValue(raw[i + 2]);
                if (hi < 0 || lo < 0) return false;
                b = (hi << 4) | lo;
                i += 2;
            }
            else if (c >= 0x80)
            {
                // Raw non-ASCII is not valid in a URI, but the field rules let it through; take its
                // UTF-8 bytes rather than refusing (a lone surrogate fails the strict decode below).
                int written = Encoding.UTF8.GetBytes(raw.Slice(i, char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1), scratch.AsSpan(n));
                if (char.IsSurrogate(c) && written != 4) return false;
                if (char.IsHighSurrogate(c)) i++;
                n += written;
                continue;
            }
            else b = c;

            // Separators and controls are refused whether raw or encoded.
            if (b is '/' or '\\' || b < 0x20 || b == 0x7f) return false;
            scratch[n++] = (byte)b;
        }
        try
        {
            segment = StrictUtf8.GetString(scratch, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
