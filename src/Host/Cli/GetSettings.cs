using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Host.Cli;

/// <summary><c>get</c>'s validated options. <see cref="TrustedRoots"/> null and not insecure: the system store.</summary>
internal sealed record GetSettings(
    bool Insecure,
    X509Certificate2Collection? TrustedRoots,
    string Alpn,
    string OutputDir,
    int QuicVersion,
    string? Cipher,
    string? SessionFile,
    bool ZeroRtt,
    bool KeyUpdate,
    string? QlogDir,
    IReadOnlyList<DownloadTarget> Targets);
