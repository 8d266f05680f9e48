namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>A fact that needs /usr/bin/openssl; skipped with a clear message when it is missing (test.sh installs it).</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!OpenSslProcess.IsAvailable)
            Skip = OpenSslTheoryAttribute.MissingMessage;
    }

    /// <summary>
    /// The test needs the engine to run without quic_transport_parameters, which OpenSSL cannot
    /// supply in that case; skipped until <see cref="InteropTlsOptions.EngineHasTlsOverTcpMode"/>.
    /// </summary>
    public bool NeedsTlsOverTcpMode
    {
        get => _needsTlsOverTcpMode;
        set
        {
            _needsTlsOverTcpMode = value;
            if (value && !InteropTlsOptions.EngineHasTlsOverTcpMode && Skip is null)
                Skip = InteropTlsOptions.NoTlsOverTcpModeMessage;
        }
    }

    private bool _needsTlsOverTcpMode;
}
