using System.Text;

namespace ActorQuic.Host.Hq;

/// <summary>
/// The hq-interop request (HTTP/0.9 over QUIC, as the QUIC interop runner uses it): the client
/// opens a bidirectional stream and sends <c>GET /path\r\n</c> and FIN; the server answers with the
/// file's bytes and FIN. Rules chosen here: the line ends at CRLF, LF, or the end of the stream;
/// the method is exactly <c>GET</c>, one space, then a path starting with '/' of visible ASCII
/// (no spaces or controls; percent-encoding is decoded later by the file handler); anything after
/// the line is ignored; the request may be at most <see cref="MaxLength"/> bytes.
/// </summary>
internal static class HqRequestLine
{
    /// <summary>Bound on what the server buffers before it has a request.</summary>
    public const int MaxLength = 8 * 1024;

    private static ReadOnlySpan<byte> Get => "GET "u8;

    /// <summary>The request bytes a client sends for <paramref name="path"/>.</summary>
    public static byte[] Format(string path) => Encoding.ASCII.GetBytes("GET " + path + "\r\n");

    /// <summary>
    /// Parses what has arrived so far; <paramref name="complete"/> says the peer sent FIN, so a line
    /// without its end is still a request.
    /// </summary>
    public static HqRequestStatus TryParse(ReadOnlySpan<byte> received, bool complete, out string path)
    {
        path = "";
        int newline = received.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (newline >= 0)
        {
            line = received[..newline];
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
        }
        else if (received.Length > MaxLength) return HqRequestStatus.Bad;
        else if (complete) line = received;
        else
        {
            // Fail early on a wrong prefix rather than waiting for 8 KiB of garbage.
            int n = Math.Min(received.Length, Get.Length);
            return received[..n].SequenceEqual(Get[..n]) ? HqRequestStatus.NeedMore : HqRequestStatus.Bad;
        }
        if (line.Length > MaxLength || !line.StartsWith(Get)) return HqRequestStatus.Bad;
        var target = line[Get.Length..];
        if (target.IsEmpty || target[0] != '/') return HqRequestStatus.Bad;
        foreach (byte b in target)
        {
            if (b <= 0x20 || b >= 0x7f) return HqRequestStatus.Bad;
        }
        path = Encoding.ASCII.GetString(target);
        return HqRequestStatus.Ok;
    }
}
