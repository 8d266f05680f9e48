using System.Security.Cryptography.X509Certificates;
using ActorQuic.Host.Tls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace ActorQuic.Host.Tests;

public sealed class SpkiPinTests
{
    /// <summary>Independent path: BouncyCastle's certificate parser and digest, not the BCL's.</summary>
    private static string BouncyCastlePin(string certificatePem)
    {
        var parsed = new X509CertificateParser().ReadCertificate(System.Text.Encoding.ASCII.GetBytes(certificatePem));
        byte[] spki = parsed.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded();
        return Convert.ToBase64String(DigestUtilities.CalculateDigest("SHA-256", spki));
    }

    [Fact]
    public void Generated_certificate_pin_matches_an_independent_computation()
    {
        using var certificate = ServerCertificate.Generate(DateTimeOffset.UtcNow);
        Assert.True(certificate.Generated);
        Assert.Equal(BouncyCastlePin(certificate.CertificatePem), certificate.SpkiSha256);
        Assert.Equal(44, certificate.SpkiSha256.Length); // 32 bytes in base64
    }

    [Fact]
    public void Generated_certificate_is_p256_for_localhost_and_loopback()
    {
        using var certificate = ServerCertificate.Generate(DateTimeOffset.UtcNow);
        var leaf = certificate.Certificate.Chain[0];
        Assert.Equal("CN=localhost", leaf.Subject);
        using var key = leaf.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key!.KeySize);
        Assert.True(leaf.MatchesHostname("localhost"));
        Assert.True(leaf.MatchesHostname("127.0.0.1"));
        Assert.True(leaf.MatchesHostname("::1"));
    }

    [Fact]
    public void Loaded_certificate_pin_matches_an_independent_computation()
    {
        using var temp = new TempDirectory();
        var dev = Protocol.Tls.TlsDevelopmentCertificate.Create(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var loaded = ServerCertificate.Load(temp.Write("c.pem", dev.CertificatePem), temp.Write("k.pem", dev.PrivateKeyPem));
        Assert.False(loaded.Generated);
        Assert.Equal(BouncyCastlePin(dev.CertificatePem), loaded.SpkiSha256);
        Assert.Equal(dev.SpkiSha256Base64, loaded.SpkiSha256);
    }
}
