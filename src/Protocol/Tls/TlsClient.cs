using System.Net;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The client role. Call <see cref="Start"/> once to produce the ClientHello (and 0-RTT write keys when
/// resuming with early data), then feed server bytes with <see cref="TlsEngine.HandleCryptoData"/>.
/// </summary>
public sealed partial class TlsClient : TlsEngine
{
    private readonly TlsClientOptions _options;
    private readonly HashSet<ushort> _offered = new();
    private TlsKeyShare? _keyShare;
    private byte[] _random = [];
    private byte[]? _clientHello1;
    private byte[]? _cookie;
    private TlsSessionTicket? _ticket;      // the ticket offered in the current ClientHello, if any
    private bool _earlyDataOffered;         // in ClientHello1 (0-RTT is rejected by any HRR, RFC 9001 §4.6.2)
    private bool _certificateRequested;
    private List<ushort> _requestedSchemes = new();
    private byte[]? _resumptionSecret;

    public TlsClient(TlsClientOptions options) : base(options)
    {
        options.ValidateCommon();
        _options = options;
        ServerName = options.ServerName;
    }

    public override bool IsClient => true;

    /// <summary>Whether this ClientHello offered 0-RTT; if so 0-RTT write keys were installed by <see cref="Start"/>.</summary>
    public bool EarlyDataOffered => _earlyDataOffered;

    /// <summary>Builds the first flight (RFC 9001 §4.1.3: "A QUIC client starts TLS by requesting TLS handshake bytes").</summary>
    public void Start(DateTimeOffset now)
    {
        if (State != TlsHandshakeState.Start) throw new InvalidOperationException("client already started");
        Guard(() => StartCore(now));
    }

    private void StartCore(DateTimeOffset now)
    {
        _random = RandomBytes(32);
        _keyShare = TlsKeyShare.Create(_options.Groups[0], CommonOptions.Random);
        _ticket = UsableTicket(now);
        // 0-RTT must reuse the original ALPN (§4.2.10), so it is only offered when we still offer that protocol.
        _earlyDataOffered = _ticket != null && _options.EnableEarlyData && _ticket.AllowsEarlyData
            && _options.ApplicationProtocols.Contains(_ticket.Alpn);
        var hello = BuildClientHello(now, includeEarlyData: _earlyDataOffered);
        _clientHello1 = hello;
        Transcript.Append(hello);
        Send(EncryptionLevel.Initial, hello);
        if (_earlyDataOffered)
        {
            // client_early_traffic_secret over ClientHello (§7.1); 0-RTT uses the ticket's suite (§4.2.10).
            var early = new TlsKeySchedule(_ticket!.CipherSuite, _ticket.Psk);
            var secret = early.DeriveSecret("c e traffic", Transcript.Hash(early.Hash));
            Install(EncryptionLevel.ZeroRtt, TlsKeyDirection.Write, _ticket.CipherSuite, secret);
        }
        State = TlsHandshakeState.WaitServerHello;
    }

    /// <summary>The configured ticket if it may be offered: unexpired, same server, a suite we still offer (§4.6.1).</summary>
    private TlsSessionTicket? UsableTicket(DateTimeOffset now)
    {
        var t = _options.SessionTicket;
        if (t == null || t.IsExpired(now)) return null;
        if (!string.Equals(t.ServerName, _options.ServerName, StringComparison.OrdinalIgnoreCase)) return null;
        if (!_options.CipherSuites.Contains(t.CipherSuite)) return null;
        return t;
    }

    private bool SendsSni => _options.ServerName is { Length: > 0 } name && !IPAddress.TryParse(name, out _);

    private protected override void HandleMessage(EncryptionLevel level, HandshakeType type, ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        switch (State, type)
        {
            case (TlsHandshakeState.WaitServerHello, HandshakeType.ServerHello): OnServerHello(message, now); break;
            case (TlsHandshakeState.WaitEncryptedExtensions, HandshakeType.EncryptedExtensions): OnEncryptedExtensions(message); break;
            case (TlsHandshakeState.WaitCertificateOrCertificateRequest, HandshakeType.CertificateRequest): OnCertificateRequest(message); break;
            case (TlsHandshakeState.WaitCertificateOrCertificateRequest or TlsHandshakeState.WaitCertificate, HandshakeType.Certificate):
                OnCertificate(message, now);
                break;
            case (TlsHandshakeState.WaitCertificateVerify, HandshakeType.CertificateVerify): OnCertificateVerify(message); break;
            case (TlsHandshakeState.WaitFinished, HandshakeType.Finished): OnFinished(message); break;
            case (TlsHandshakeState.Connected, HandshakeType.NewSessionTicket): OnNewSessionTicket(message, now); break;
            default: throw Unexpected(type, State);
        }
    }

    private CipherSuite Suite => NegotiatedCipherSuite ?? throw new InvalidOperationException("no suite");
}
