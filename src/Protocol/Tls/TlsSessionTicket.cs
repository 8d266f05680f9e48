using System.Net.Security;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// What a client keeps to resume a session (RFC 9846 §4.6.1) and maybe send 0-RTT (RFC 9001 §4.6).
/// Besides the TLS state it carries what QUIC must remember for 0-RTT: the ALPN and the server's
/// transport parameters from the original connection (RFC 9000 §7.4.1), plus an opaque
/// <see cref="ApplicationData"/> slot for application settings (e.g. HTTP/3 SETTINGS). Single use:
/// the server refuses a ticket seen before.
/// </summary>
public sealed class TlsSessionTicket
{
    internal TlsSessionTicket(byte[] ticket, CipherSuite suite, byte[] psk, uint ageAdd, uint lifetimeSeconds,
        DateTimeOffset receivedAt, bool allowsEarlyData, SslApplicationProtocol alpn, string? serverName,
        byte[] peerTransportParameters, IReadOnlyList<byte[]> peerCertificateChain)
    {
        PeerCertificateChain = peerCertificateChain;
        Ticket = ticket;
        CipherSuite = suite;
        Psk = psk;
        AgeAdd = ageAdd;
        LifetimeSeconds = lifetimeSeconds;
        ReceivedAt = receivedAt;
        AllowsEarlyData = allowsEarlyData;
        Alpn = alpn;
        ServerName = serverName;
        PeerTransportParameters = peerTransportParameters;
    }

    /// <summary>The opaque ticket identity sent back in pre_shared_key.</summary>
    public byte[] Ticket { get; }
    public CipherSuite CipherSuite { get; }
    internal byte[] Psk { get; }
    internal uint AgeAdd { get; }
    public uint LifetimeSeconds { get; }
    public DateTimeOffset ReceivedAt { get; }
    /// <summary>The server sent early_data with max_early_data_size 0xffffffff (RFC 9001 §4.6.1).</summary>
    public bool AllowsEarlyData { get; }
    /// <summary>The ALPN of the connection that issued the ticket; 0-RTT must use the same.</summary>
    public SslApplicationProtocol Alpn { get; }
    public string? ServerName { get; }
    /// <summary>The server's transport parameters from that connection, to apply to 0-RTT (RFC 9000 §7.4.1).</summary>
    public byte[] PeerTransportParameters { get; }
    /// <summary>
    /// The server's certificate chain (DER, leaf first) as verified in the full handshake the session
    /// began with. A resumed handshake sends no certificates (RFC 9846 §2.2), so the resumed
    /// connection reports these as the peer's.
    /// </summary>
    public IReadOnlyList<byte[]> PeerCertificateChain { get; }

    /// <summary>Opaque application state stored with the ticket by the QUIC/application layer.</summary>
    public byte[]? ApplicationData { get; set; }

    public bool IsExpired(DateTimeOffset now) => now < ReceivedAt || now - ReceivedAt >= TimeSpan.FromSeconds(LifetimeSeconds);

    // "AQST" and a format version: a file from elsewhere or an older build is refused, not misread.
    private static ReadOnlySpan<byte> Magic => "AQST"u8;
    private const byte FormatVersion = 1;

    /// <summary>
    /// The ticket as bytes, to keep it across processes (e.g. <c>actorquic get --session-file</c>).
    /// It holds the resumption secret: store it like a private key.
    /// </summary>
    public byte[] Encode()
    {
        var b = new TlsBuffer();
        b.WriteBytes(Magic);
        b.WriteByte(FormatVersion);
        b.WriteUInt16((ushort)CipherSuite);
        long received = ReceivedAt.ToUnixTimeMilliseconds();
        b.WriteUInt32((uint)(received >> 32));
        b.WriteUInt32((uint)received);
        b.WriteUInt32(LifetimeSeconds);
        b.WriteUInt32(AgeAdd);
        b.WriteByte(AllowsEarlyData ? (byte)1 : (byte)0);
        b.WriteVector16(Ticket);
        b.WriteVector8(Psk);
        b.WriteVector8(Alpn.Protocol.Span);
        b.WriteVector8(ServerName is null ? [] : System.Text.Encoding.UTF8.GetBytes(ServerName));
        b.WriteVector16(PeerTransportParameters);
        b.WriteByte(ApplicationData is null ? (byte)0 : (byte)1);
        b.WriteVector16(ApplicationData ?? []);
        b.WriteByte((byte)PeerCertificateChain.Count);
        foreach (var der in PeerCertificateChain)
        {
            int token = b.BeginVector(3);
            b.WriteBytes(der);
            b.EndVector(token);
        }
        return b.ToArray();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote; <see cref="FormatException"/> for anything else.</summary>
    public static TlsSessionTicket Decode(ReadOnlySpan<byte> encoded)
    {
        try
        {
            var r = new TlsReader(encoded);
            if (!r.ReadBytes(Magic.Length, "magic").SequenceEqual(Magic) || r.ReadByte("version") != FormatVersion)
                throw new FormatException("not an ActorQuic session ticket (format 1)");
            var suite = (CipherSuite)r.ReadUInt16("suite");
            if (!Enum.IsDefined(suite)) throw new FormatException($"unknown cipher suite 0x{(ushort)suite:x4}");
            long received = (long)r.ReadUInt32("received") << 32 | r.ReadUInt32("received");
            uint lifetime = r.ReadUInt32("lifetime");
            uint ageAdd = r.ReadUInt32("age_add");
            bool early = r.ReadByte("early data") == 1;
            byte[] ticket = r.ReadVector16("ticket", 1).ToArray();
            byte[] psk = r.ReadVector8("psk", 1).ToArray();
            var alpn = r.ReadVector8("alpn").ToArray();
            var name = r.ReadVector8("server name");
            string? serverName = name.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(name);
            byte[] parameters = r.ReadVector16("transport parameters").ToArray();
            bool hasApplicationData = r.ReadByte("application data flag") == 1;
            byte[] applicationData = r.ReadVector16("application data").ToArray();
            int certificates = r.ReadByte("certificate count");
            var chain = new List<byte[]>(certificates);
            for (int i = 0; i < certificates; i++) chain.Add(r.ReadVector24("certificate", 1).ToArray());
            r.ExpectEnd("session ticket");
            try
            {
                foreach (var der in chain) System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der).Dispose();
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new FormatException($"a stored certificate does not parse: {e.Message}", e);
            }
            return new TlsSessionTicket(ticket, suite, psk, ageAdd, lifetime,
                DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(received, 0, 253402300799999)), early,
                alpn.Length == 0 ? default : new SslApplicationProtocol(alpn), serverName, parameters, chain)
            {
                ApplicationData = hasApplicationData ? applicationData : null,
            };
        }
        catch (TlsAlertException e)
        {
            throw new FormatException($"truncated or malformed session ticket: {e.Message}", e);
        }
    }
}
