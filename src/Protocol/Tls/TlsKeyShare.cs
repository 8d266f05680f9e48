using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// One ephemeral key pair for a key_share entry (RFC 9846 §4.2.8). The private key is drawn from
/// the engine's injected randomness so that tests can replay handshakes deterministically.
/// </summary>
internal abstract class TlsKeyShare : IDisposable
{
    public abstract NamedGroup Group { get; }
    public abstract byte[] PublicKey { get; }

    /// <summary>The shared secret with the peer's share; illegal_parameter if the share is invalid (§4.2.8.2).</summary>
    public abstract byte[] Agree(ReadOnlySpan<byte> peerShare);

    public virtual void Dispose() { }

    public static bool IsSupported(ushort group) =>
        group is (ushort)NamedGroup.X25519 or (ushort)NamedGroup.Secp256r1 or (ushort)NamedGroup.Secp384r1;

    public static TlsKeyShare Create(NamedGroup group, Action<Span<byte>> random) => group switch
    {
        NamedGroup.X25519 => new X25519Share(random),
        NamedGroup.Secp256r1 => new NistShare(group, ECCurve.NamedCurves.nistP256, 32, P256Order, random),
        NamedGroup.Secp384r1 => new NistShare(group, ECCurve.NamedCurves.nistP384, 48, P384Order, random),
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    private static readonly byte[] P256Order =
        Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    private static readonly byte[] P384Order = Convert.FromHexString(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973");

    private static TlsAlertException BadShare(string why) => new(AlertDescription.IllegalParameter, why);

    private sealed class X25519Share : TlsKeyShare
    {
        private readonly X25519PrivateKeyParameters _private;

        public X25519Share(Action<Span<byte>> random)
        {
            var d = new byte[32];
            random(d);
            _private = new X25519PrivateKeyParameters(d, 0); // clamped by RFC 7748 decoding
            PublicKey = _private.GeneratePublicKey().GetEncoded();
        }

        public override NamedGroup Group => NamedGroup.X25519;
        public override byte[] PublicKey { get; }

        public override byte[] Agree(ReadOnlySpan<byte> peerShare)
        {
            if (peerShare.Length != 32) throw BadShare("x25519 key share must be 32 bytes");
            var secret = new byte[32];
            try
            {
                _private.GenerateSecret(new X25519PublicKeyParameters(peerShare), secret, 0);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // An all-zero result means a small-order point (RFC 7748 §6.1, RFC 9846 §7.4.2).
                throw BadShare("x25519 agreement produced the zero value");
            }
            return secret;
        }
    }

    private sealed class NistShare : TlsKeyShare
    {
        private readonly ECDiffieHellman _key;
        private readonly ECCurve _curve;
        private readonly int _size;

        public NistShare(NamedGroup group, ECCurve curve, int size, byte[] order, Action<Span<byte>> random)
        {
            Group = group;
            _curve = curve;
            _size = size;
            var d = new byte[size];
            do random(d);
            while (!IsValidScalar(d, order)); // rejection sampling keeps the scalar uniform in [1, n-1]
            _key = ECDiffieHellman.Create();
            _key.ImportParameters(new ECParameters { Curve = curve, D = d });
            var q = _key.ExportParameters(false).Q;
            PublicKey = new byte[1 + 2 * size];
            PublicKey[0] = 0x04; // UncompressedPointRepresentation (§4.2.8.2)
            q.X!.CopyTo(PublicKey, 1);
            q.Y!.CopyTo(PublicKey, 1 + size);
        }

        public override NamedGroup Group { get; }
        public override byte[] PublicKey { get; }

        private static bool IsValidScalar(ReadOnlySpan<byte> d, ReadOnlySpan<byte> order)
        {
            bool zero = !d.ContainsAnyExcept((byte)0);
            return !zero && d.SequenceCompareTo(order) < 0;
        }

        public override byte[] Agree(ReadOnlySpan<byte> peerShare)
        {
            // Only the uncompressed form is legal in TLS 1.3 (§4.2.8.2).
            if (peerShare.Length != 1 + 2 * _size || peerShare[0] != 0x04)
                throw BadShare($"{Group} key share must be an uncompressed point");
            try
            {
                using var peer = ECDiffieHellman.Create();
                peer.ImportParameters(new ECParameters
                {
                    Curve = _curve,
                    Q = new ECPoint { X = peerShare.Slice(1, _size).ToArray(), Y = peerShare.Slice(1 + _size, _size).ToArray() },
                });
                return _key.DeriveRawSecretAgreement(peer.PublicKey);
            }
            catch (CryptographicException)
            {
                throw BadShare($"{Group} key share is not a point on the curve");
            }
        }

        public override void Dispose() => _key.Dispose();
    }
}
