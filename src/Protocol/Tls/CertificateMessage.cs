namespace ActorQuic.Protocol.Tls;

/// <summary>Certificate (RFC 9846 §4.4.2): a request context and a list of X.509 entries, leaf first.</summary>
internal static class CertificateMessage
{
    public static (byte[] Context, List<byte[]> Certificates) Parse(ReadOnlySpan<byte> message)
    {
        var r = new TlsReader(message[4..]);
        var context = r.ReadVector8("certificate_request_context").ToArray();
        var list = new TlsReader(r.ReadVector24("certificate_list"));
        r.ExpectEnd("Certificate");
        var certs = new List<byte[]>();
        while (!list.IsEnd)
        {
            certs.Add(list.ReadVector24("cert_data", 1).ToArray());
            // Per-entry extensions (OCSP, SCT) were not requested, so any present are ignored
            // after a syntax check (§4.4.2).
            var exts = list.ReadVector16("CertificateEntry extensions");
            var er = new TlsReader(exts);
            while (!er.IsEnd)
            {
                er.ReadUInt16("extension type");
                er.ReadVector16("extension data");
            }
        }
        return (context, certs);
    }

    public static byte[] Encode(ReadOnlySpan<byte> context, IReadOnlyList<byte[]> chain)
    {
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.Certificate);
        b.WriteVector8(context);
        int list = b.BeginVector(3);
        foreach (var der in chain)
        {
            int cert = b.BeginVector(3);
            b.WriteBytes(der);
            b.EndVector(cert);
            b.WriteUInt16(0); // no entry extensions
        }
        b.EndVector(list);
        b.EndVector(msg);
        return b.ToArray();
    }
}
