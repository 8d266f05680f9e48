using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Host.Tls;

/// <summary>
/// The SHA-256 pin of a certificate's public key: base64 of SHA-256 over the SubjectPublicKeyInfo
/// DER (RFC 7469 §2.4), the form Chromium's <c>--ignore-certificate-errors-spki-list</c> takes.
/// </summary>
public static class SpkiPin
{
    public static string Compute(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
}
