using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A private key able to produce CertificateVerify signatures for the schemes its key type allows (§4.2.3).
/// Thread-safe: a server shares one <see cref="TlsCertificate"/> across all its connections, and the BCL key
/// objects do not promise concurrent use, so signing is serialized (one signature per handshake).
/// </summary>
internal abstract class TlsSigner : IDisposable
{
    public abstract IReadOnlyList<SignatureScheme> Schemes { get; }
    public abstract byte[] Sign(SignatureScheme scheme, ReadOnlySpan<byte> content);
    public virtual void Dispose() { }

    public sealed class Ecdsa(ECDsa key) : TlsSigner
    {
        // The scheme pins the curve in TLS 1.3 (§4.2.3), so a P-256 key only signs ecdsa_secp256r1_sha256.
        public override IReadOnlyList<SignatureScheme> Schemes { get; } = key.KeySize switch
        {
            256 => [SignatureScheme.EcdsaSecp256r1Sha256],
            384 => [SignatureScheme.EcdsaSecp384r1Sha384],
            _ => [],
        };

        private readonly Lock _gate = new();

        public override byte[] Sign(SignatureScheme scheme, ReadOnlySpan<byte> content)
        {
            lock (_gate) return key.SignData(content, TlsSignatures.HashOf(scheme), DSASignatureFormat.Rfc3279DerSequence);
        }

        public override void Dispose() => key.Dispose();
    }

    public sealed class Rsa(RSA key) : TlsSigner
    {
        public override IReadOnlyList<SignatureScheme> Schemes { get; } =
            [SignatureScheme.RsaPssRsaeSha256, SignatureScheme.RsaPssRsaeSha384, SignatureScheme.RsaPssRsaeSha512];

        // RSASSA-PSS with salt length = hash length (§4.2.3); the BCL's PSS padding does exactly that.
        private readonly Lock _gate = new();

        public override byte[] Sign(SignatureScheme scheme, ReadOnlySpan<byte> content)
        {
            lock (_gate) return key.SignData(content.ToArray(), TlsSignatures.HashOf(scheme), RSASignaturePadding.Pss);
        }

        public override void Dispose() => key.Dispose();
    }

    public sealed class Ed25519(Ed25519PrivateKeyParameters key) : TlsSigner
    {
        public override IReadOnlyList<SignatureScheme> Schemes { get; } = [SignatureScheme.Ed25519];

        // A fresh BouncyCastle signer per call; the key parameters are immutable, so sharing is safe.
        public override byte[] Sign(SignatureScheme scheme, ReadOnlySpan<byte> content)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, key);
            signer.BlockUpdate(content);
            return signer.GenerateSignature();
        }
    }
}
