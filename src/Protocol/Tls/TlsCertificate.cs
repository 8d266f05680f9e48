using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A certificate chain (leaf first) with the leaf's private key, used by a server, or by a client
/// for mutual TLS. Keys: ECDSA P-256/P-384, RSA (signing with RSA-PSS) and Ed25519. The BCL cannot
/// load Ed25519 keys, so PKCS#8 is parsed with BouncyCastle for that case.
/// </summary>
public sealed class TlsCertificate : IDisposable
{
    private TlsCertificate(IReadOnlyList<X509Certificate2> chain, TlsSigner signer)
    {
        if (chain.Count == 0) throw new ArgumentException("empty certificate chain");
        Chain = chain;
        ChainDer = chain.Select(c => c.RawData).ToArray();
        Signer = signer;
        // A chain whose leaf does not match the key would only fail at the peer; fail here instead.
        var scheme = signer.Schemes.Count > 0 ? signer.Schemes[0] : throw new ArgumentException("unsupported private key size");
        var probe = TlsSignatures.Content(true, new byte[32]);
        if (!TlsSignatures.Verify(chain[0], scheme, probe, signer.Sign(scheme, probe)))
            throw new ArgumentException("the private key does not match the leaf certificate");
    }

    /// <summary>The chain as sent: leaf first, then intermediates.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    internal IReadOnlyList<byte[]> ChainDer { get; }
    internal TlsSigner Signer { get; }

    /// <summary>The signature schemes this key can produce (RFC 9846 §4.2.3).</summary>
    public IReadOnlyList<SignatureScheme> SignatureSchemes => Signer.Schemes;

    /// <summary>Loads "CERTIFICATE" blocks (leaf first) and a PKCS#8, SEC1 ("EC PRIVATE KEY") or PKCS#1 key.</summary>
    public static TlsCertificate FromPem(string certificateChainPem, string privateKeyPem)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificateChainPem);
        if (chain.Count == 0) throw new ArgumentException("no CERTIFICATE in PEM", nameof(certificateChainPem));
        return new TlsCertificate(chain.ToList(), LoadKey(privateKeyPem));
    }

    public static TlsCertificate FromPemFiles(string certificateChainPath, string privateKeyPath) =>
        FromPem(File.ReadAllText(certificateChainPath), File.ReadAllText(privateKeyPath));

    /// <summary>From a certificate that carries its (ECDSA or RSA) private key, plus optional intermediates.</summary>
    public static TlsCertificate FromX509(X509Certificate2 certificateWithKey, IEnumerable<X509Certificate2>? intermediates = null)
    {
        TlsSigner signer = certificateWithKey.GetECDsaPrivateKey() is { } ec ? new TlsSigner.Ecdsa(ec)
            : certificateWithKey.GetRSAPrivateKey() is { } rsa ? new TlsSigner.Rsa(rsa)
            : throw new ArgumentException("certificate has no ECDSA or RSA private key; use FromPem for Ed25519");
        return new TlsCertificate([certificateWithKey, .. intermediates ?? []], signer);
    }

    private static TlsSigner LoadKey(string pem)
    {
        var fields = PemEncoding.Find(pem);
        string label = pem[fields.Label];
        byte[] der = Convert.FromBase64String(pem[fields.Base64Data]);
        switch (label)
        {
            case "PRIVATE KEY":
            {
                var info = PrivateKeyInfo.GetInstance(der);
                switch (info.PrivateKeyAlgorithm.Algorithm.Id)
                {
                    case TlsSignatures.Ed25519Oid:
                        return new TlsSigner.Ed25519((Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(info));
                    case "1.2.840.10045.2.1":
                        var ec = ECDsa.Create();
                        ec.ImportPkcs8PrivateKey(der, out _);
                        return new TlsSigner.Ecdsa(ec);
                    case "1.2.840.113549.1.1.1":
                        var rsa = RSA.Create();
                        rsa.ImportPkcs8PrivateKey(der, out _);
                        return new TlsSigner.Rsa(rsa);
                    default:
                        throw new ArgumentException($"unsupported private key algorithm {info.PrivateKeyAlgorithm.Algorithm.Id}");
                }
            }
            case "EC PRIVATE KEY":
            {
                var ec = ECDsa.Create();
                ec.ImportECPrivateKey(der, out _);
                return new TlsSigner.Ecdsa(ec);
            }
            case "RSA PRIVATE KEY":
            {
                var rsa = RSA.Create();
                rsa.ImportRSAPrivateKey(der, out _);
                return new TlsSigner.Rsa(rsa);
            }
            default:
                throw new ArgumentException($"unsupported PEM label {label}");
        }
    }

    public void Dispose()
    {
        Signer.Dispose();
        foreach (var c in Chain) c.Dispose();
    }
}
