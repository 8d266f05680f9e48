using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Protocol.Tls;

// Transcript, key schedule and the authentication messages shared by both roles (RFC 9846 §4.4).
public abstract partial class TlsEngine
{
    private protected readonly TlsTranscript Transcript = new();
    private protected TlsKeySchedule? Schedule;
    private protected byte[]? ClientHandshakeSecret, ServerHandshakeSecret;
    private protected byte[]? ClientApplicationSecret, ServerApplicationSecret;

    private protected TlsKeySchedule Keys => Schedule ?? throw new InvalidOperationException("no key schedule yet");

    private protected byte[] TranscriptHash() => Transcript.Hash(Keys.Hash);

    /// <summary>Handshake Secret and both handshake traffic secrets, over ClientHello..ServerHello (§7.1).</summary>
    private protected void DeriveHandshakeSecrets(byte[] sharedSecret)
    {
        Keys.AdvanceToHandshake(sharedSecret);
        var hash = TranscriptHash();
        ClientHandshakeSecret = Keys.DeriveSecret("c hs traffic", hash);
        ServerHandshakeSecret = Keys.DeriveSecret("s hs traffic", hash);
    }

    /// <summary>Main Secret and the application traffic secrets, over ClientHello..server Finished (§7.1).</summary>
    private protected void DeriveApplicationSecrets()
    {
        Keys.AdvanceToMain();
        var hash = TranscriptHash();
        ClientApplicationSecret = Keys.DeriveSecret("c ap traffic", hash);
        ServerApplicationSecret = Keys.DeriveSecret("s ap traffic", hash);
        _exporterSecret = Keys.DeriveSecret("exp master", hash);
    }

    private byte[]? _exporterSecret;

    /// <summary>
    /// TLS-Exporter (RFC 9846 §7.5, RFC 5705 semantics) for application protocols that bind to the
    /// connection (e.g. WebTransport). Available once the handshake is complete.
    /// </summary>
    public byte[] ExportKeyingMaterial(string label, ReadOnlySpan<byte> context, int length)
    {
        if (State != TlsHandshakeState.Connected || _exporterSecret == null)
            throw new InvalidOperationException("exporters need a completed handshake");
        using var h = IncrementalHash.CreateHash(Keys.Hash);
        var emptyHash = h.GetHashAndReset();
        var derived = Keys.ExpandLabel(_exporterSecret, label, emptyHash, Keys.HashLength);
        h.AppendData(context);
        return Keys.ExpandLabel(derived, "exporter", h.GetHashAndReset(), length);
    }

    private protected byte[] BuildFinished(byte[] baseSecret)
    {
        var verify = Keys.VerifyData(Keys.FinishedKey(baseSecret), TranscriptHash());
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.Finished);
        b.WriteBytes(verify);
        b.EndVector(msg);
        return b.ToArray();
    }

    /// <summary>Checks the peer's Finished against the transcript before it (§4.4.4); decrypt_error if wrong.</summary>
    private protected void VerifyFinished(ReadOnlySpan<byte> message, byte[] baseSecret)
    {
        var expected = Keys.VerifyData(Keys.FinishedKey(baseSecret), TranscriptHash());
        var body = message[4..];
        if (body.Length != expected.Length)
            throw new TlsAlertException(AlertDescription.DecodeError, "Finished has the wrong length");
        if (!CryptographicOperations.FixedTimeEquals(body, expected))
            throw new TlsAlertException(AlertDescription.DecryptError, "Finished verify_data mismatch");
    }

    /// <summary>Our first scheme that the key supports and the peer accepts (§4.4.2.2).</summary>
    private protected static SignatureScheme? ChooseScheme(TlsCertificate certificate, IReadOnlyList<ushort> peerSchemes)
    {
        foreach (var s in certificate.SignatureSchemes)
            if (peerSchemes.Contains((ushort)s)) return s;
        return null;
    }

    private protected byte[] BuildCertificateVerify(TlsCertificate certificate, SignatureScheme scheme, bool server)
    {
        var signature = certificate.Signer.Sign(scheme, TlsSignatures.Content(server, TranscriptHash()));
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.CertificateVerify);
        b.WriteUInt16((ushort)scheme);
        b.WriteVector16(signature);
        b.EndVector(msg);
        return b.ToArray();
    }

    /// <summary>
    /// Verifies the peer's CertificateVerify over the transcript up to its Certificate (§4.4.3):
    /// a scheme we did not offer or that does not fit the key is illegal_parameter, a bad signature decrypt_error.
    /// </summary>
    private protected void VerifyCertificateVerify(ReadOnlySpan<byte> message, X509Certificate2 leaf, bool peerIsServer)
    {
        var r = new TlsReader(message[4..]);
        ushort scheme = r.ReadUInt16("signature scheme");
        var signature = r.ReadVector16("signature");
        r.ExpectEnd("CertificateVerify");
        if (!_options.SignatureSchemes.Contains((SignatureScheme)scheme))
            throw new TlsAlertException(AlertDescription.IllegalParameter, $"signature scheme 0x{scheme:x4} was not offered");
        if (!TlsSignatures.KeyMatches(leaf, (SignatureScheme)scheme))
            throw new TlsAlertException(AlertDescription.IllegalParameter, $"signature scheme 0x{scheme:x4} does not match the certificate key");
        var content = TlsSignatures.Content(peerIsServer, TranscriptHash());
        if (!TlsSignatures.Verify(leaf, (SignatureScheme)scheme, content, signature))
            throw new TlsAlertException(AlertDescription.DecryptError, "CertificateVerify signature is invalid");
    }

    private protected IList<SignatureScheme> OurSignatureSchemes => _options.SignatureSchemes;
    private protected TlsOptions CommonOptions => _options;
}
