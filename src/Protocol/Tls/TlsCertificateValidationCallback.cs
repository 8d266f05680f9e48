using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// Extra verification of the peer's chain (leaf first), called after the built-in checks pass (or
/// instead of them when those are disabled). Return null to accept, or a reason to reject: the
/// handshake then fails with certificate_unknown (46).
/// </summary>
public delegate string? TlsCertificateValidationCallback(IReadOnlyList<X509Certificate2> chain, string? serverName);
