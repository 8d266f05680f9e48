using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Generates a CA and a server/client leaf per key type, once per test run, written as PEM into a
/// temp directory. ECDSA and RSA use the BCL's CertificateRequest; the BCL has no Ed25519, so that
/// one is built with BouncyCastle (seeded, so the same keys each run).
/// </summary>
public static class TestCertificates
{
    private static readonly ConcurrentDictionary<TestKeyType, Lazy<TestCertificateSet>> Sets = new();
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"actorquic-tlsinterop-{Environment.ProcessId}");

    static TestCertificates()
    {
        // The PEM files, key logs and session files live only as long as the test run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }

    public static TestCertificateSet Get(TestKeyType keyType) =>
        Sets.GetOrAdd(keyType, k => new Lazy<TestCertificateSet>(() => Create(k))).Value;

    private static TestCertificateSet Create(TestKeyType keyType)
    {
        string dir = Path.Combine(Root, keyType.ToString());
        Directory.CreateDirectory(dir);
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        DateTimeOffset notAfter = notBefore.AddDays(30);
        (byte[] caDer, byte[] leafDer, byte[] leafKey) = keyType == TestKeyType.Ed25519
            ? CreateEd25519(notBefore, notAfter)
            : CreateWithBcl(keyType, notBefore, notAfter);

        string caPath = Path.Combine(dir, "ca.pem");
        string leafPath = Path.Combine(dir, "leaf.pem");
        string keyPath = Path.Combine(dir, "leaf.key");
        File.WriteAllText(caPath, PemEncoding.WriteString("CERTIFICATE", caDer) + "\n");
        File.WriteAllText(leafPath, PemEncoding.WriteString("CERTIFICATE", leafDer) + "\n");
        File.WriteAllText(keyPath, PemEncoding.WriteString("PRIVATE KEY", leafKey) + "\n");
        return new TestCertificateSet(keyType, dir, caPath, leafPath, keyPath, caDer, leafDer, leafKey);
    }

    private static (byte[] Ca, byte[] Leaf, byte[] LeafKey) CreateWithBcl(TestKeyType keyType,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using AsymmetricAlgorithm caKey = NewKey(keyType);
        using AsymmetricAlgorithm leafKey = NewKey(keyType);
        CertificateRequest caRequest = Request("CN=ActorQuic Test CA " + keyType, caKey, keyType);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        CertificateRequest leafRequest = Request("CN=localhost", leafKey, keyType);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // serverAuth, clientAuth
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        using X509Certificate2 leaf = leafRequest.Create(ca, notBefore, notAfter, [0x01, 0x02]);
        byte[] pkcs8 = leafKey.ExportPkcs8PrivateKey();
        return (ca.RawData, leaf.RawData, pkcs8);
    }

    private static AsymmetricAlgorithm NewKey(TestKeyType keyType) => keyType switch
    {
        TestKeyType.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        TestKeyType.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        TestKeyType.Rsa2048 => RSA.Create(2048),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType)),
    };

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key, TestKeyType keyType) => key switch
    {
        ECDsa ec => new CertificateRequest(subject, ec,
            keyType == TestKeyType.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
        // RSA-PSS certificate signatures, so a peer that only offers rsa_pss_* schemes accepts the chain.
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static (byte[] Ca, byte[] Leaf, byte[] LeafKey) CreateEd25519(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var random = SecureRandom.GetInstance("SHA256PRNG", false);
        random.SetSeed(0x5eed_25519);
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(random));
        AsymmetricCipherKeyPair caKeys = generator.GenerateKeyPair();
        AsymmetricCipherKeyPair leafKeys = generator.GenerateKeyPair();
        var caName = new X509Name("CN=ActorQuic Test CA Ed25519");
        var signer = new Asn1SignatureFactory("Ed25519", caKeys.Private);

        var ca = new X509V3CertificateGenerator();
        ca.SetSerialNumber(BigInteger.One);
        ca.SetIssuerDN(caName);
        ca.SetSubjectDN(caName);
        ca.SetNotBefore(notBefore.UtcDateTime);
        ca.SetNotAfter(notAfter.UtcDateTime);
        ca.SetPublicKey(caKeys.Public);
        ca.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        ca.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        ca.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(caKeys.Public));
        Org.BouncyCastle.X509.X509Certificate caCert = ca.Generate(signer);

        var leaf = new X509V3CertificateGenerator();
        leaf.SetSerialNumber(BigInteger.Two);
        leaf.SetIssuerDN(caName);
        leaf.SetSubjectDN(new X509Name("CN=localhost"));
        leaf.SetNotBefore(notBefore.UtcDateTime);
        leaf.SetNotAfter(notAfter.UtcDateTime);
        leaf.SetPublicKey(leafKeys.Public);
        leaf.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        leaf.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        leaf.AddExtension(X509Extensions.ExtendedKeyUsage, false,
            new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));
        leaf.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames([
            new GeneralName(GeneralName.DnsName, "localhost"),
            new GeneralName(GeneralName.IPAddress, "127.0.0.1"),
        ]));
        leaf.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(caCert));
        Org.BouncyCastle.X509.X509Certificate leafCert = leaf.Generate(signer);
        // A v1 PrivateKeyInfo without the optional public key: OpenSSL 3.0 rejects BouncyCastle's v2 form.
        byte[] rawPrivate = ((Ed25519PrivateKeyParameters)leafKeys.Private).GetEncoded();
        byte[] pkcs8 = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
            new DerOctetString(rawPrivate)).GetDerEncoded();
        return (caCert.GetEncoded(), leafCert.GetEncoded(), pkcs8);
    }
}
