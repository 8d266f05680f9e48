namespace ActorQuic.Interop.Tests;

/// <summary>A test with Debian's headless Chromium (apt package chromium): skipped, with the reason, only when it is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Program = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Program)) Skip = $"{Program} is not installed (apt package chromium)";
    }
}
