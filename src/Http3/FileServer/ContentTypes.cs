namespace ActorQuic.Http3.FileServer;

/// <summary>
/// Media type by file extension (case-insensitive). Text types carry <c>charset=utf-8</c> so
/// browsers do not sniff an encoding; anything unknown is <c>application/octet-stream</c>, which
/// browsers download rather than render (the safe default for content we cannot vouch for).
/// </summary>
public static class ContentTypes
{
    public const string OctetStream = "application/octet-stream";
    public const string Html = "text/html; charset=utf-8";
    public const string PlainText = "text/plain; charset=utf-8";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = Html,
        ["htm"] = Html,
        ["css"] = "text/css; charset=utf-8",
        ["js"] = "text/javascript; charset=utf-8",
        ["mjs"] = "text/javascript; charset=utf-8",
        ["json"] = "application/json; charset=utf-8",
        ["txt"] = PlainText,
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["gif"] = "image/gif",
        ["svg"] = "image/svg+xml",
        ["webp"] = "image/webp",
        ["ico"] = "image/x-icon",
        ["wasm"] = "application/wasm",
        ["pdf"] = "application/pdf",
        ["bin"] = OctetStream,
    };

    /// <summary>The Content-Type for a file name (only the part after the last '.' matters).</summary>
    public static string ForFileName(string fileName)
    {
        int dot = fileName.LastIndexOf('.');
        if (dot < 0 || dot == fileName.Length - 1) return OctetStream;
        return ByExtension.GetValueOrDefault(fileName[(dot + 1)..], OctetStream);
    }
}
