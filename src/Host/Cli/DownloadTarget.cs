using System.Net;

namespace ActorQuic.Host.Cli;

/// <summary>
/// One URL of <c>get</c>: where to connect, the request path sent on the wire, and the local file
/// name (the last path segment; <c>index.html</c> for a path ending in '/').
/// </summary>
internal sealed record DownloadTarget(Uri Url, string Host, int Port, string RequestPath, string FileName)
{
    public const int DefaultPort = 443;

    /// <summary>The authority that shares one connection: URLs with the same host and port.</summary>
    public string Authority => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public static DownloadTarget Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps
            || string.IsNullOrEmpty(url.Host) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new UsageException($"bad URL '{text}': expected https://host[:port]/path");
        }
        string host = url.HostNameType == UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : url.Host;
        int port = url.IsDefaultPort ? DefaultPort : url.Port;
        if (port <= 0) throw new UsageException($"bad URL '{text}': port must be 1-65535");
        // Uri has already removed dot segments; the path goes on the wire still percent-encoded.
        string requestPath = url.AbsolutePath;
        if (requestPath.Length == 0 || requestPath[0] != '/') requestPath = "/" + requestPath;
        return new DownloadTarget(url, host, port, requestPath, LocalName(text, requestPath));
    }

    private static string LocalName(string text, string requestPath)
    {
        int slash = requestPath.LastIndexOf('/');
        string last = Uri.UnescapeDataString(requestPath[(slash + 1)..]);
        if (last.Length == 0) return "index.html";
        // A decoded segment must still be a plain file name: never a path out of --output-dir.
        if (last is "." or ".." || last.IndexOfAny(['/', '\\', '\0']) >= 0 || last.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new UsageException($"bad URL '{text}': '{last}' cannot be used as a file name");
        }
        return last;
    }

    /// <summary>The address to connect to: an IP literal directly, a name through DNS.</summary>
    public async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var address)) return new IPEndPoint(address, Port);
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new UsageException($"cannot resolve '{Host}': {e.Message}");
        }
        if (addresses.Length == 0) throw new UsageException($"cannot resolve '{Host}': no addresses");
        // Prefer IPv4 for names like localhost that resolve to both: the default listen address is IPv4.
        foreach (var a in addresses)
        {
            if (a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) return new IPEndPoint(a, Port);
        }
        return new IPEndPoint(addresses[0], Port);
    }
}
