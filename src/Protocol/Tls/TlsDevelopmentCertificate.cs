using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A self-signed ECDSA P-256 development certificate for localhost, 127.0.0.1 and ::1, as PEM, with
/// its SHA-256 SPKI pin (base64) for clients that pin keys (e.g. Chromium's
/// --ignore-certificate-errors-spki-list). Validity is 14 days from <c>now</c> minus one hour,
/// within the limit browsers apply to serverCertificateHashes.
/// </summary>
public sealed record TlsDevelopmentCertificate(string CertificatePem, string PrivateKeyPem, string SpkiSha256Base64)
{
    public static TlsDevelopmentCertificate Create(DateTimeOffset now, string subjectName = "localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subjectName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        if (subjectName != "localhost") san.AddDnsName(subjectName);
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var cert = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(14).AddHours(-1));
        string pin = Convert.ToBase64String(SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo()));
        return new TlsDevelopmentCertificate(cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), pin);
    }
}
