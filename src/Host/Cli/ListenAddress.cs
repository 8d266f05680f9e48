using System.Globalization;
using System.Net;

namespace ActorQuic.Host.Cli;

/// <summary>Parses <c>--listen</c>: <c>IPv4:port</c>, <c>[IPv6]:port</c> or <c>localhost:port</c> (port 0 = any free port).</summary>
internal static class ListenAddress
{
    public static IPEndPoint Parse(string text)
    {
        const string Expected = "expected IP:port, [IPv6]:port or localhost:port";
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            string port = text["localhost:".Length..];
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p <= IPEndPoint.MaxPort)
            {
                return new IPEndPoint(IPAddress.Loopback, p);
            }
            throw new UsageException($"--listen '{text}': bad port; {Expected}");
        }
        // IPEndPoint.TryParse accepts a bare address (port 0); the contract wants an explicit port.
        int colon = text.LastIndexOf(':');
        bool hasPort = colon > 0 && (text[0] != '[' || text[colon - 1] == ']');
        if (!hasPort || !IPEndPoint.TryParse(text, out var endPoint))
        {
            throw new UsageException($"--listen '{text}': {Expected}");
        }
        return endPoint;
    }
}
