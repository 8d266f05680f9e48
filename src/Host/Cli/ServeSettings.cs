using System.Net;

namespace ActorQuic.Host.Cli;

/// <summary><c>serve</c>'s validated options.</summary>
internal sealed record ServeSettings(
    IPEndPoint Listen,
    string? Root,
    string? CertificatePath,
    string? KeyPath,
    IReadOnlyList<string> Alpn,
    bool Retry,
    string? QlogDir);
