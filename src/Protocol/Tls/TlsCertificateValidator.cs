using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// Verifies a peer chain: X.509 path to a trusted root (custom set or the system store), validity
/// at the caller's <c>now</c>, extended key usage, the server name/IP against subjectAltName, then
/// the optional callback. Each failure maps to the alert RFC 9846 §6.2 names for it.
/// </summary>
internal static class TlsCertificateValidator
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static List<X509Certificate2> Parse(List<byte[]> chainDer)
    {
        var certs = new List<X509Certificate2>(chainDer.Count);
        try
        {
            foreach (var der in chainDer) certs.Add(X509CertificateLoader.LoadCertificate(der));
        }
        catch (CryptographicException e)
        {
            throw new TlsAlertException(AlertDescription.BadCertificate, "certificate could not be parsed", inner: e);
        }
        if (!TlsSignatures.IsSupportedKey(certs[0]))
            throw new TlsAlertException(AlertDescription.UnsupportedCertificate, $"unsupported leaf key algorithm {certs[0].PublicKey.Oid.Value}");
        return certs;
    }

    public static void Validate(List<X509Certificate2> chain, bool peerIsServer, string? serverName,
        bool skipValidation, X509Certificate2Collection? trustedRoots, TlsCertificateValidationCallback? callback,
        DateTimeOffset now)
    {
        if (!skipValidation)
        {
            ValidatePath(chain, peerIsServer, trustedRoots, now);
            if (peerIsServer && !string.IsNullOrEmpty(serverName) && !chain[0].MatchesHostname(serverName, true, false))
                throw new TlsAlertException(AlertDescription.BadCertificate, $"certificate is not valid for '{serverName}'");
        }
        if (callback?.Invoke(chain, serverName) is string reason)
            throw new TlsAlertException(AlertDescription.CertificateUnknown, $"certificate rejected: {reason}");
    }

    private static void ValidatePath(List<X509Certificate2> chain, bool peerIsServer, X509Certificate2Collection? trustedRoots,
        DateTimeOffset now)
    {
        using var x509 = new X509Chain();
        var policy = x509.ChainPolicy;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        // Revocation needs the network and a clock we do not own; the QUIC layer may add it via the callback.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(peerIsServer ? ServerAuthOid : ClientAuthOid));
        if (trustedRoots != null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trustedRoots);
        }
        for (int i = 1; i < chain.Count; i++) policy.ExtraStore.Add(chain[i]);
        bool ok;
        try
        {
            ok = x509.Build(chain[0]);
        }
        catch (CryptographicException e)
        {
            throw new TlsAlertException(AlertDescription.BadCertificate, "certificate chain could not be built", inner: e);
        }
        if (ok) return;
        var flags = X509ChainStatusFlags.NoError;
        foreach (var s in x509.ChainStatus) flags |= s.Status;
        foreach (var element in x509.ChainElements)
            foreach (var s in element.ChainElementStatus) flags |= s.Status;
        throw Map(flags);
    }

    private static TlsAlertException Map(X509ChainStatusFlags f)
    {
        if ((f & (X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.InvalidBasicConstraints |
                  X509ChainStatusFlags.HasNotSupportedCriticalExtension)) != 0)
            return new(AlertDescription.BadCertificate, $"invalid certificate ({f})");
        if ((f & X509ChainStatusFlags.NotTimeValid) != 0)
            return new(AlertDescription.CertificateExpired, $"certificate expired or not yet valid ({f})");
        if ((f & X509ChainStatusFlags.Revoked) != 0)
            return new(AlertDescription.CertificateRevoked, $"certificate revoked ({f})");
        if ((f & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            return new(AlertDescription.UnknownCa, $"certificate does not chain to a trusted root ({f})");
        if ((f & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidExtension)) != 0)
            return new(AlertDescription.UnsupportedCertificate, $"certificate not valid for this usage ({f})");
        return new(AlertDescription.CertificateUnknown, $"certificate rejected ({f})");
    }
}
