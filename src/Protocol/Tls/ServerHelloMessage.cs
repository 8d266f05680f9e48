namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A ServerHello or HelloRetryRequest (RFC 9846 §4.1.3, §4.1.4): same structure, an HRR is
/// recognised by its special random value.
/// </summary>
internal sealed class ServerHelloMessage
{
    /// <summary>SHA-256("HelloRetryRequest") (§4.1.3).</summary>
    public static readonly byte[] HelloRetryRequestRandom = Convert.FromHexString(
        "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    public ushort LegacyVersion;
    public byte[] Random = [];
    public byte[] LegacySessionIdEcho = [];
    public ushort CipherSuite;
    public byte Compression;
    public TlsExtensions Extensions = new();

    public bool IsHelloRetryRequest => Random.AsSpan().SequenceEqual(HelloRetryRequestRandom);

    public static ServerHelloMessage Parse(ReadOnlySpan<byte> message)
    {
        var sh = new ServerHelloMessage();
        var r = new TlsReader(message[4..]);
        sh.LegacyVersion = r.ReadUInt16("legacy_version");
        sh.Random = r.ReadBytes(32, "random").ToArray();
        sh.LegacySessionIdEcho = r.ReadVector8("legacy_session_id_echo").ToArray();
        if (sh.LegacySessionIdEcho.Length > 32) throw new TlsAlertException(AlertDescription.DecodeError, "legacy_session_id_echo too long");
        sh.CipherSuite = r.ReadUInt16("cipher_suite");
        sh.Compression = r.ReadByte("legacy_compression_method");
        if (r.IsEnd) throw new TlsAlertException(AlertDescription.ProtocolVersion, "server did not negotiate TLS 1.3");
        sh.Extensions = TlsExtensions.Parse(ref r, "ServerHello");
        r.ExpectEnd("ServerHello");
        return sh;
    }

    /// <summary>Encodes a ServerHello/HRR carrying supported_versions = TLS 1.3 plus <paramref name="writeExtensions"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> random, ushort cipherSuite, Action<TlsBuffer> writeExtensions)
    {
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.ServerHello);
        b.WriteUInt16(0x0303); // legacy_version (§4.1.3)
        b.WriteBytes(random);
        b.WriteByte(0); // legacy_session_id_echo: QUIC clients send an empty id (RFC 9001 §8.4)
        b.WriteUInt16(cipherSuite);
        b.WriteByte(0); // legacy_compression_method
        int exts = b.BeginVector(2);
        int sv = b.BeginExtension(ExtensionType.SupportedVersions);
        b.WriteUInt16(0x0304);
        b.EndVector(sv);
        writeExtensions(b);
        b.EndVector(exts);
        b.EndVector(msg);
        return b.ToArray();
    }
}
