namespace ActorQuic.Interop.Tests;

/// <summary>A theory against Debian's ngtcp2 examples: skipped, with the reason, only when the binaries are absent.</summary>
public sealed class NgtcpTheoryAttribute : TheoryAttribute
{
    public NgtcpTheoryAttribute()
    {
        var missing = new List<string>();
        if (!File.Exists(NgtcpFactAttribute.Client)) missing.Add($"{NgtcpFactAttribute.Client} (apt package ngtcp2-client)");
        if (!File.Exists(NgtcpFactAttribute.Server)) missing.Add($"{NgtcpFactAttribute.Server} (apt package ngtcp2-server)");
        if (missing.Count > 0) Skip = "ngtcp2 interop binaries are not installed: " + string.Join(", ", missing);
    }
}
