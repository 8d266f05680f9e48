using System.Globalization;
using System.Text;

namespace ActorQuic.Http3.FileServer;

/// <summary>
/// One access-log line per request. Pure formatting: every value (including the timestamp and the
/// duration) is passed in by the caller, which owns the clock. The method and path come from the
/// peer, so they are escaped (quotes, backslashes, controls, non-ASCII as \xHH) — a request can
/// never forge a second log line or break the quoting.
/// <para>Format: <c>2026-01-02T03:04:05.678Z 192.0.2.1:443 "GET /a/b" 200 1234 12.345ms</c></para>
/// </summary>
public readonly record struct AccessLogLine(
    DateTimeOffset Timestamp,
    string Remote,
    string Method,
    string Path,
    int Status,
    long Bytes,
    TimeSpan Duration)
{
    public override string ToString()
    {
        var sb = new StringBuilder(64 + Path.Length);
        sb.Append(Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        sb.Append(' ');
        AppendEscaped(sb, Remote.Length == 0 ? "-" : Remote);
        sb.Append(" \"");
        AppendEscaped(sb, Method);
        sb.Append(' ');
        AppendEscaped(sb, Path);
        sb.Append("\" ");
        sb.Append(Status.ToString(CultureInfo.InvariantCulture));
        sb.Append(' ');
        sb.Append(Bytes.ToString(CultureInfo.InvariantCulture));
        sb.Append(' ');
        sb.Append(Duration.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture));
        sb.Append("ms");
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, string value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        // Lone surrogates enumerate as U+FFFD: the line stays valid ASCII whatever the input.
        foreach (Rune rune in value.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7f and not '"' and not '\\')
            {
                sb.Append((char)rune.Value);
                continue;
            }
            int n = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++) sb.Append("\\x").Append(utf8[i].ToString("x2", CultureInfo.InvariantCulture));
        }
    }
}
