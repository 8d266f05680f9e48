namespace ActorQuic.Host.Cli;

/// <summary><c>get</c>'s validated options. <see cref="TrustedCaPem"/> null and not insecure: the system store.</summary>
internal sealed record GetSettings(
    bool Insecure,
    string? TrustedCaPem,
    string Alpn,
    string OutputDir,
    int QuicVersion,
    string? Cipher,
    string? SessionFile,
    bool ZeroRtt,
    bool KeyUpdate,
    string? QlogDir,
    IReadOnlyList<DownloadTarget> Targets);
