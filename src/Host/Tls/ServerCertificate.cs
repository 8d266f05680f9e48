using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Host.Cli;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Host.Tls;

/// <summary>
/// The certificate <c>serve</c> presents: loaded from <c>--cert</c>/<c>--key</c> PEM files, or a
/// fresh self-signed development certificate (ECDSA P-256 for localhost, 127.0.0.1 and ::1, from
/// <see cref="TlsDevelopmentCertificate"/>) so that <c>serve</c> works on a fresh machine.
/// </summary>
internal sealed class ServerCertificate : IDisposable
{
    private ServerCertificate(TlsCertificate certificate, string certificatePem, string privateKeyPem, bool generated)
    {
        Certificate = certificate;
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
        Generated = generated;
        SpkiSha256 = SpkiPin.Compute(certificate.Chain[0]);
    }

    public TlsCertificate Certificate { get; }

    /// <summary>The chain as PEM (leaf first); what a client passes as <c>--ca</c> for a self-signed certificate.</summary>
    public string CertificatePem { get; }

    public string PrivateKeyPem { get; }

    /// <summary>True when generated for this run rather than loaded.</summary>
    public bool Generated { get; }

    /// <summary>Base64 SHA-256 of the leaf's SubjectPublicKeyInfo.</summary>
    public string SpkiSha256 { get; }

    public static ServerCertificate Generate(DateTimeOffset now)
    {
        var dev = TlsDevelopmentCertificate.Create(now);
        return new ServerCertificate(TlsCertificate.FromPem(dev.CertificatePem, dev.PrivateKeyPem),
            dev.CertificatePem, dev.PrivateKeyPem, generated: true);
    }

    /// <summary>Loads PEM files; every failure becomes a one-line <see cref="UsageException"/>.</summary>
    public static ServerCertificate Load(string certificatePath, string privateKeyPath)
    {
        string certificatePem = PemFile.ReadText("--cert", certificatePath);
        string privateKeyPem = PemFile.ReadText("--key", privateKeyPath);
        TlsCertificate certificate;
        try
        {
            certificate = TlsCertificate.FromPem(certificatePem, privateKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or FormatException or InvalidCastException or IOException)
        {
            throw new UsageException($"--cert '{certificatePath}' / --key '{privateKeyPath}': not a usable certificate and private key ({PemFile.OneLine(e.Message)})");
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true)
        {
            throw new UsageException($"--key '{privateKeyPath}': not a usable private key ({PemFile.OneLine(e.Message)})");
        }
        return new ServerCertificate(certificate, certificatePem, privateKeyPem, generated: false);
    }

    public void Dispose() => Certificate.Dispose();
}
