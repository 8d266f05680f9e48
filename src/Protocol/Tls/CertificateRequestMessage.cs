namespace ActorQuic.Protocol.Tls;

/// <summary>CertificateRequest (RFC 9846 §4.3.2); signature_algorithms is mandatory in it.</summary>
internal static class CertificateRequestMessage
{
    public static (byte[] Context, List<ushort> SignatureAlgorithms) Parse(ReadOnlySpan<byte> message)
    {
        var r = new TlsReader(message[4..]);
        var context = r.ReadVector8("certificate_request_context").ToArray();
        var exts = TlsExtensions.Parse(ref r, "CertificateRequest", 2);
        r.ExpectEnd("CertificateRequest");
        // During the handshake the context is empty (§4.3.2); post-handshake auth is not offered.
        if (context.Length != 0)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "CertificateRequest context must be empty in the handshake");
        exts.Check("CertificateRequest",
            [ExtensionType.SignatureAlgorithms, ExtensionType.SignatureAlgorithmsCert, ExtensionType.CertificateAuthorities],
            offered: null);
        var sig = exts.Get(ExtensionType.SignatureAlgorithms)
            ?? throw new TlsAlertException(AlertDescription.MissingExtension, "CertificateRequest without signature_algorithms");
        return (context, TlsExtensionCodec.ReadUInt16List(sig, "signature_algorithms"));
    }

    public static byte[] Encode(IEnumerable<ushort> signatureAlgorithms)
    {
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.CertificateRequest);
        b.WriteByte(0); // empty certificate_request_context
        int exts = b.BeginVector(2);
        TlsExtensionCodec.WriteUInt16List(b, ExtensionType.SignatureAlgorithms, signatureAlgorithms);
        b.EndVector(exts);
        b.EndVector(msg);
        return b.ToArray();
    }
}
