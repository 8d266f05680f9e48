using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Tls;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;

namespace ActorQuic.Protocol.Tests.Tls;

public enum TestKeyType { EcdsaP256, EcdsaP384, Rsa, Ed25519 }

/// <summary>Test certificates generated in-process with validity windows around a fixed <see cref="Now"/>.</summary>
public static class TestPki
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<(X509Certificate2 Cert, ECDsa Key)> RootCa = new(() => MakeCa("CN=ActorQuic Test Root"));
    private static readonly Lazy<(X509Certificate2 Cert, ECDsa Key)> OtherCa = new(() => MakeCa("CN=Unrelated Root"));
    private static readonly Dictionary<string, (string Cert, string Key)> Cache = new();

    public static X509Certificate2 Root => RootCa.Value.Cert;
    public static X509Certificate2Collection Roots => new() { Root };

    private static (X509Certificate2, ECDsa) MakeCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        var cert = req.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(5));
        return (cert, key);
    }

    /// <summary>A leaf signed by the test root (or the unrelated root), as PEM, cached per parameters.</summary>
    public static (string CertPem, string KeyPem) Leaf(TestKeyType type, bool expired = false, bool otherCa = false,
        bool client = false, string dns = "localhost")
    {
        string cacheKey = $"{type}/{expired}/{otherCa}/{client}/{dns}";
        lock (Cache)
        {
            if (Cache.TryGetValue(cacheKey, out var hit)) return hit;
            var (caCert, caKey) = otherCa ? OtherCa.Value : RootCa.Value;
            PublicKey publicKey;
            string keyPem;
            switch (type)
            {
                case TestKeyType.EcdsaP256:
                case TestKeyType.EcdsaP384:
                {
                    var k = ECDsa.Create(type == TestKeyType.EcdsaP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                    publicKey = new CertificateRequest("CN=x", k, HashAlgorithmName.SHA256).PublicKey;
                    keyPem = k.ExportPkcs8PrivateKeyPem();
                    break;
                }
                case TestKeyType.Rsa:
                {
                    var k = RSA.Create(2048);
                    publicKey = new CertificateRequest("CN=x", k, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).PublicKey;
                    keyPem = k.ExportPkcs8PrivateKeyPem();
                    break;
                }
                default:
                {
                    var seed = new byte[32];
                    new Random(77).NextBytes(seed);
                    var k = new Ed25519PrivateKeyParameters(seed);
                    var spki = new byte[44];
                    Convert.FromHexString("302a300506032b6570032100").CopyTo(spki, 0);
                    k.GeneratePublicKey().GetEncoded().CopyTo(spki, 12);
                    publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _);
                    keyPem = PemEncoding.WriteString("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(k).GetEncoded());
                    break;
                }
            }
            var req = new CertificateRequest(new X500DistinguishedName($"CN={dns}"), publicKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dns);
            san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid(client ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1") }, false));
            req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCert, true, false));
            var notBefore = expired ? Now.AddDays(-60) : Now.AddDays(-1);
            var notAfter = expired ? Now.AddDays(-30) : Now.AddDays(30);
            var serial = new byte[8];
            new Random(cacheKey.GetHashCode()).NextBytes(serial);
            serial[0] &= 0x7f;
            using var cert = req.Create(caCert.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), notBefore, notAfter, serial);
            var result = (cert.ExportCertificatePem(), keyPem);
            Cache[cacheKey] = result;
            return result;
        }
    }

    public static TlsCertificate Certificate(TestKeyType type, bool expired = false, bool otherCa = false, bool client = false,
        string dns = "localhost")
    {
        var (c, k) = Leaf(type, expired, otherCa, client, dns);
        return TlsCertificate.FromPem(c, k);
    }
}
