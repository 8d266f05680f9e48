namespace ActorQuic.Interop.Tests;

/// <summary>
/// A test against Debian's ngtcp2 examples (packages ngtcp2-client and ngtcp2-server): skipped,
/// with the reason, only when the binaries are absent. Nothing is installed from here.
/// </summary>
public sealed class NgtcpFactAttribute : FactAttribute
{
    public const string Client = "/usr/bin/gtlsclient";
    public const string Server = "/usr/sbin/gtlsserver";

    public NgtcpFactAttribute()
    {
        var missing = new List<string>();
        if (!File.Exists(Client)) missing.Add($"{Client} (apt package ngtcp2-client)");
        if (!File.Exists(Server)) missing.Add($"{Server} (apt package ngtcp2-server)");
        if (missing.Count > 0) Skip = "ngtcp2 interop binaries are not installed: " + string.Join(", ", missing);
    }
}
