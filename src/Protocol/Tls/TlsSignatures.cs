using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ActorQuic.Protocol.Tls;

/// <summary>CertificateVerify construction and verification (RFC 9846 §4.4.3).</summary>
internal static class TlsSignatures
{
    public const string Ed25519Oid = "1.3.101.112";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    public static readonly SignatureScheme[] All =
    [
        SignatureScheme.EcdsaSecp256r1Sha256, SignatureScheme.EcdsaSecp384r1Sha384, SignatureScheme.Ed25519,
        SignatureScheme.RsaPssRsaeSha256, SignatureScheme.RsaPssRsaeSha384, SignatureScheme.RsaPssRsaeSha512,
    ];

    public static HashAlgorithmName HashOf(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaSecp384r1Sha384 or SignatureScheme.RsaPssRsaeSha384 => HashAlgorithmName.SHA384,
        SignatureScheme.RsaPssRsaeSha512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    /// <summary>
    /// The signed content: 64 spaces, the context string, a zero byte, then the transcript hash (§4.4.3).
    /// The distinct client/server strings stop a signature being replayed in the other role.
    /// </summary>
    public static byte[] Content(bool server, ReadOnlySpan<byte> transcriptHash)
    {
        string context = server ? "TLS 1.3, server CertificateVerify" : "TLS 1.3, client CertificateVerify";
        var content = new byte[64 + context.Length + 1 + transcriptHash.Length];
        content.AsSpan(0, 64).Fill(0x20);
        TlsKeySchedule.Ascii(context).CopyTo(content, 64);
        transcriptHash.CopyTo(content.AsSpan(64 + context.Length + 1));
        return content;
    }

    /// <summary>Whether the certificate's key can produce <paramref name="scheme"/> signatures.</summary>
    public static bool KeyMatches(X509Certificate2 leaf, SignatureScheme scheme)
    {
        switch (leaf.PublicKey.Oid.Value)
        {
            case EcPublicKeyOid:
                using (var ec = leaf.GetECDsaPublicKey())
                    return ec != null && ((scheme == SignatureScheme.EcdsaSecp256r1Sha256 && ec.KeySize == 256) ||
                                          (scheme == SignatureScheme.EcdsaSecp384r1Sha384 && ec.KeySize == 384));
            case RsaEncryptionOid:
                return scheme is SignatureScheme.RsaPssRsaeSha256 or SignatureScheme.RsaPssRsaeSha384 or SignatureScheme.RsaPssRsaeSha512;
            case Ed25519Oid:
                return scheme == SignatureScheme.Ed25519;
            default:
                return false;
        }
    }

    public static bool IsSupportedKey(X509Certificate2 leaf) =>
        leaf.PublicKey.Oid.Value is EcPublicKeyOid or RsaEncryptionOid or Ed25519Oid;

    public static bool Verify(X509Certificate2 leaf, SignatureScheme scheme, ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature)
    {
        try
        {
            switch (scheme)
            {
                case SignatureScheme.EcdsaSecp256r1Sha256:
                case SignatureScheme.EcdsaSecp384r1Sha384:
                    using (var ec = leaf.GetECDsaPublicKey())
                        return ec != null && ec.VerifyData(content, signature, HashOf(scheme), DSASignatureFormat.Rfc3279DerSequence);
                case SignatureScheme.RsaPssRsaeSha256:
                case SignatureScheme.RsaPssRsaeSha384:
                case SignatureScheme.RsaPssRsaeSha512:
                    using (var rsa = leaf.GetRSAPublicKey())
                        return rsa != null && rsa.VerifyData(content, signature, HashOf(scheme), RSASignaturePadding.Pss);
                case SignatureScheme.Ed25519:
                {
                    var raw = leaf.PublicKey.EncodedKeyValue.RawData;
                    if (raw.Length != 32 || signature.Length != 64) return false;
                    var verifier = new Ed25519Signer();
                    verifier.Init(false, new Ed25519PublicKeyParameters(raw));
                    verifier.BlockUpdate(content);
                    return verifier.VerifySignature(signature.ToArray());
                }
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
