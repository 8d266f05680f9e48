using System.Net.Security;

namespace ActorQuic.Protocol.Tls;

/// <summary>A decoded ClientHello (RFC 9846 §4.1.2) with the extensions this engine uses already parsed.</summary>
internal sealed class ClientHelloMessage
{
    public byte[] Random = [];
    public int LegacySessionIdLength;
    public List<ushort> CipherSuites = new();
    public TlsExtensions Extensions = new();
    public string? ServerName;
    public List<ushort>? SupportedVersions;
    public List<ushort>? Groups;
    public List<(ushort Group, byte[] Key)>? KeyShares;
    public List<ushort>? SignatureAlgorithms;
    public List<ushort>? SignatureAlgorithmsCert;
    public List<SslApplicationProtocol>? Alpn;
    public byte[]? TransportParameters;
    public List<byte>? PskModes;
    public bool EarlyData;
    public byte[]? Cookie;
    public List<(byte[] Identity, uint ObfuscatedAge)>? PskIdentities;
    public List<byte[]>? PskBinders;
    /// <summary>Length of the message prefix the binders cover (§4.2.11.2): everything but the binders list.</summary>
    public int BinderCoveredLength;

    public static ClientHelloMessage Parse(ReadOnlySpan<byte> message)
    {
        var ch = new ClientHelloMessage();
        var r = new TlsReader(message[4..]);
        ushort legacyVersion = r.ReadUInt16("legacy_version");
        ch.Random = r.ReadBytes(32, "random").ToArray();
        ch.LegacySessionIdLength = r.ReadVector8("legacy_session_id").Length;
        if (ch.LegacySessionIdLength > 32) throw new TlsAlertException(AlertDescription.DecodeError, "legacy_session_id too long");
        var suites = r.ReadVector16("cipher_suites", 2);
        if (suites.Length % 2 != 0) throw new TlsAlertException(AlertDescription.DecodeError, "odd cipher_suites length");
        for (int i = 0; i < suites.Length; i += 2) ch.CipherSuites.Add((ushort)(suites[i] << 8 | suites[i + 1]));
        var compression = r.ReadVector8("legacy_compression_methods", 1);
        if (r.IsEnd || legacyVersion < 0x0303)
            // No extensions means no supported_versions: a pre-1.3 client (§4.1.2, RFC 9001 §4.2).
            throw new TlsAlertException(AlertDescription.ProtocolVersion, "client does not offer TLS 1.3");
        ch.Extensions = TlsExtensions.Parse(ref r, "ClientHello");
        r.ExpectEnd("ClientHello");
        // TLS 1.3 ClientHellos carry exactly one compression method, null (§4.1.2).
        if (compression.Length != 1 || compression[0] != 0)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "compression methods must be [null]");
        ch.DecodeExtensions(message);
        return ch;
    }

    private void DecodeExtensions(ReadOnlySpan<byte> message)
    {
        var items = Extensions.Items;
        for (int i = 0; i < items.Count; i++)
        {
            var (type, body) = items[i];
            switch ((ExtensionType)type)
            {
                case ExtensionType.ServerName: ServerName = TlsExtensionCodec.ReadServerName(body); break;
                case ExtensionType.SupportedVersions: SupportedVersions = TlsExtensionCodec.ReadUInt16List(body, "supported_versions", 1); break;
                case ExtensionType.SupportedGroups: Groups = TlsExtensionCodec.ReadUInt16List(body, "supported_groups"); break;
                case ExtensionType.KeyShare: KeyShares = TlsExtensionCodec.ReadClientShares(body); break;
                case ExtensionType.SignatureAlgorithms: SignatureAlgorithms = TlsExtensionCodec.ReadUInt16List(body, "signature_algorithms"); break;
                case ExtensionType.SignatureAlgorithmsCert: SignatureAlgorithmsCert = TlsExtensionCodec.ReadUInt16List(body, "signature_algorithms_cert"); break;
                case ExtensionType.ApplicationLayerProtocolNegotiation: Alpn = TlsExtensionCodec.ReadAlpn(body); break;
                case ExtensionType.QuicTransportParameters: TransportParameters = body; break;
                case ExtensionType.PskKeyExchangeModes:
                {
                    var r = new TlsReader(body);
                    PskModes = new List<byte>(r.ReadVector8("psk_key_exchange_modes", 1).ToArray());
                    r.ExpectEnd("psk_key_exchange_modes");
                    break;
                }
                case ExtensionType.EarlyData:
                    if (body.Length != 0) throw new TlsAlertException(AlertDescription.DecodeError, "early_data in ClientHello must be empty");
                    EarlyData = true;
                    break;
                case ExtensionType.Cookie:
                {
                    var r = new TlsReader(body);
                    Cookie = r.ReadVector16("cookie", 1).ToArray();
                    r.ExpectEnd("cookie");
                    break;
                }
                case ExtensionType.PreSharedKey:
                    // pre_shared_key MUST be the last extension in the ClientHello (§4.2.11).
                    if (i != items.Count - 1)
                        throw new TlsAlertException(AlertDescription.IllegalParameter, "pre_shared_key is not the last extension");
                    DecodePsk(body, message.Length);
                    break;
            }
        }
    }

    private void DecodePsk(ReadOnlySpan<byte> body, int messageLength)
    {
        var r = new TlsReader(body);
        var ids = new TlsReader(r.ReadVector16("PSK identities", 7));
        PskIdentities = new();
        while (!ids.IsEnd)
        {
            var id = ids.ReadVector16("PSK identity", 1).ToArray();
            PskIdentities.Add((id, ids.ReadUInt32("obfuscated_ticket_age")));
        }
        int bindersStart = r.Position;
        var binders = new TlsReader(r.ReadVector16("PSK binders", 33));
        r.ExpectEnd("pre_shared_key");
        PskBinders = new();
        while (!binders.IsEnd) PskBinders.Add(binders.ReadVector8("PSK binder", 32).ToArray());
        if (PskBinders.Count != PskIdentities.Count)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "PSK identities and binders differ in number");
        // The extension is the last thing in the message, so the binders list ends the message.
        BinderCoveredLength = messageLength - (body.Length - bindersStart);
    }
}
