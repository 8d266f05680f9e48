using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The server role. Feed the client's Initial bytes with <see cref="TlsEngine.HandleCryptoData"/>; the
/// engine answers with a ServerHello (or HelloRetryRequest) and its Handshake flight, installs
/// keys, and after the client's Finished completes and (when <see cref="TlsServerOptions.SessionTicketKey"/>
/// is set) sends session tickets at the 1-RTT level. More tickets: <see cref="IssueSessionTicket"/>.
/// </summary>
public sealed partial class TlsServer : TlsEngine
{
    private readonly TlsServerOptions _options;
    private CipherSuite _hrrSuite;
    private NamedGroup _hrrGroup;
    private TlsCertificate? _certificate;
    private SignatureScheme _scheme;
    private bool _clientOffersTickets;
    private bool _peerSentTransportParameters; // only ever false when RequireQuicTransportParameters is off
    private X509Certificate2? _clientLeaf;
    private byte[]? _resumptionSecret;

    public TlsServer(TlsServerOptions options) : base(options)
    {
        options.Validate();
        _options = options;
    }

    public override bool IsClient => false;

    /// <summary>
    /// Application data stored in tickets issued automatically at completion (e.g. the QUIC layer's
    /// transport parameters and application settings, for the 0-RTT check of RFC 9001 §4.6.3).
    /// </summary>
    public byte[] TicketApplicationData { get; set; } = [];

    /// <summary>The application data stored in the ticket this connection resumed, if any.</summary>
    public byte[]? ResumedApplicationData { get; private set; }

    private protected override void HandleMessage(EncryptionLevel level, HandshakeType type, ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        switch (State, type)
        {
            case (TlsHandshakeState.Start, HandshakeType.ClientHello): OnClientHello(message, now, second: false); break;
            case (TlsHandshakeState.WaitSecondClientHello, HandshakeType.ClientHello): OnClientHello(message, now, second: true); break;
            case (TlsHandshakeState.WaitClientCertificate, HandshakeType.Certificate): OnClientCertificate(message, now); break;
            case (TlsHandshakeState.WaitClientCertificateVerify, HandshakeType.CertificateVerify): OnClientCertificateVerify(message); break;
            case (TlsHandshakeState.WaitClientFinished, HandshakeType.Finished): OnClientFinished(message, now); break;
            default: throw Unexpected(type, State);
        }
    }
}
