namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>A theory that needs /usr/bin/openssl; skipped with a clear message when it is missing (test.sh installs it).</summary>
public sealed class OpenSslTheoryAttribute : TheoryAttribute
{
    public const string MissingMessage =
        "Interop test skipped: " + OpenSslProcess.Executable + " is missing (install Debian's openssl package; test.sh does).";

    public OpenSslTheoryAttribute()
    {
        if (!OpenSslProcess.IsAvailable)
            Skip = MissingMessage;
    }
}
