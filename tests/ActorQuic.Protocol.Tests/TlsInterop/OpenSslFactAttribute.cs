namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>A fact that needs /usr/bin/openssl; skipped with a clear message when it is missing (test.sh installs it).</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!OpenSslProcess.IsAvailable)
            Skip = OpenSslTheoryAttribute.MissingMessage;
    }
}
