using ActorQuic.ConnectionActors;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Streams;

/// <summary>
/// The server role of an endpoint: certificate, ALPN, client authentication and Retry. Set the
/// certificate either as PEM text (<see cref="CertificateChainPem"/> + <see cref="PrivateKeyPem"/>)
/// or as files (<see cref="CertificateChainPath"/> + <see cref="PrivateKeyPath"/>).
/// </summary>
public sealed class QuicServerOptions : QuicConnectionOptions
{
    /// <summary>"CERTIFICATE" blocks, leaf first, then intermediates.</summary>
    public string? CertificateChainPem { get; set; }

    /// <summary>The leaf's key: PKCS#8, SEC1 or PKCS#1 PEM (ECDSA, RSA, Ed25519).</summary>
    public string? PrivateKeyPem { get; set; }

    public string? CertificateChainPath { get; set; }

    public string? PrivateKeyPath { get; set; }

    /// <summary>Ask clients for a certificate (mutual TLS): None (default), Request or Require.</summary>
    public TlsClientCertificateMode ClientCertificateMode { get; set; } = TlsClientCertificateMode.None;

    /// <summary>CA certificates (PEM) that client certificates must chain to; empty: the system store.</summary>
    public IList<string> TrustedClientCaPems { get; set; } = new List<string>();

    /// <summary>Extra check of the client's whole chain (leaf first); return null to accept or a reason to refuse.</summary>
    public TlsCertificateValidationCallback? ClientCertificateValidation { get; set; }

    /// <summary>Answer every first Initial with a Retry, so only clients that prove their address get state (RFC 9000 §8.1.2).</summary>
    public bool RequireRetry { get; set; }

    /// <summary>Send session tickets so clients can resume (RFC 9846 §4.6.1). On by default.</summary>
    public bool EnableSessionTickets { get; set; } = true;

    /// <summary>
    /// Accept 0-RTT data from resuming clients (RFC 9001 §4.6). Off by default: 0-RTT data can be
    /// replayed by an attacker (RFC 9001 §9.2), so only applications whose early requests are safe to
    /// repeat (e.g. GET of static files) should turn it on. Needs <see cref="EnableSessionTickets"/>.
    /// </summary>
    public bool EnableEarlyData { get; set; }

    /// <summary>Checks every setting; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        ValidateCommon();
        bool pem = CertificateChainPem is not null || PrivateKeyPem is not null;
        bool files = CertificateChainPath is not null || PrivateKeyPath is not null;
        if (pem == files)
            throw new ArgumentException("set the server certificate either as PEM text (CertificateChainPem and PrivateKeyPem) or as files (CertificateChainPath and PrivateKeyPath)",
                nameof(CertificateChainPem));
        if (pem && (string.IsNullOrWhiteSpace(CertificateChainPem) || string.IsNullOrWhiteSpace(PrivateKeyPem)))
            throw new ArgumentException("both CertificateChainPem and PrivateKeyPem are required", CertificateChainPem is null ? nameof(CertificateChainPem) : nameof(PrivateKeyPem));
        if (files)
        {
            if (string.IsNullOrWhiteSpace(CertificateChainPath) || string.IsNullOrWhiteSpace(PrivateKeyPath))
                throw new ArgumentException("both CertificateChainPath and PrivateKeyPath are required", CertificateChainPath is null ? nameof(CertificateChainPath) : nameof(PrivateKeyPath));
            if (!File.Exists(CertificateChainPath)) throw new ArgumentException($"no such file: {CertificateChainPath}", nameof(CertificateChainPath));
            if (!File.Exists(PrivateKeyPath)) throw new ArgumentException($"no such file: {PrivateKeyPath}", nameof(PrivateKeyPath));
        }
        if (!Enum.IsDefined(ClientCertificateMode))
            throw new ArgumentOutOfRangeException(nameof(ClientCertificateMode), ClientCertificateMode, "None, Request or Require");
        PemMaterial.TrustAnchors(TrustedClientCaPems, nameof(TrustedClientCaPems));
        if (EnableEarlyData && !EnableSessionTickets)
            throw new ArgumentException("EnableEarlyData needs EnableSessionTickets (0-RTT resumes a ticket)", nameof(EnableEarlyData));
    }

    /// <summary>
    /// Validates and freezes the options into the per-connection factory the connection actors
    /// take. Files are read and the certificate and key parsed once here (parsing per connection was a
    /// large share of the handshake cost); all connections share that <see cref="TlsCertificate"/>,
    /// which TLS only reads (chain DER) or signs with under a lock. Each connection gets its own TlsServerOptions.
    /// </summary>
    internal Func<Akka.Actor.IActorRef, ServerConnectionSettings> ToConnectionSettings()
    {
        Validate();
        string chainPem = CertificateChainPem ?? File.ReadAllText(CertificateChainPath!);
        string keyPem = PrivateKeyPem ?? File.ReadAllText(PrivateKeyPath!);
        // Lives as long as the endpoint's factory (the connections reference it); not disposed.
        var certificate = PemMaterial.LoadCertificate(chainPem, keyPem, CertificateChainPem is not null ? nameof(CertificateChainPem) : nameof(CertificateChainPath));
        var anchors = PemMaterial.TrustAnchors(TrustedClientCaPems, nameof(TrustedClientCaPems));
        var mode = ClientCertificateMode;
        var callback = ClientCertificateValidation;
        var protocols = new List<System.Net.Security.SslApplicationProtocol>(ApplicationProtocols);
        var suites = CipherSuites is null ? null : new List<ActorQuic.Protocol.Crypto.CipherSuite>(CipherSuites);
        var parameters = ToTransportParameters();
        var lifecycle = ToLifecycle();
        // One ticket key and one replay memory per endpoint, in memory only: tickets outlive neither.
        // So every ticket accepted was issued by this endpoint with these very transport parameters and
        // ALPNs, which is what RFC 9001 §4.6.3 / RFC 9000 §7.4.1 ask a server to check before taking 0-RTT
        // (and what RFC 9114 §7.2.4.2 asks of SETTINGS, as long as the application keeps them fixed).
        byte[]? ticketKey = EnableSessionTickets ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) : null;
        var replayCache = new TlsAntiReplayCache();
        bool earlyData = EnableEarlyData;
        return owner => new ServerConnectionSettings
        {
            // A fresh TlsServerOptions per connection: the connection writes its transport parameters into it.
            TlsServer = _ =>
            {
                var tls = new TlsServerOptions
                {
                    Certificate = certificate,
                    ClientCertificateMode = mode,
                    ClientCertificateTrustedRoots = anchors,
                    ClientCertificateValidationCallback = callback,
                    ApplicationProtocols = new List<System.Net.Security.SslApplicationProtocol>(protocols),
                    SessionTicketKey = ticketKey,
                    AntiReplayCache = replayCache,
                    EnableEarlyData = earlyData,
                };
                if (suites is not null) tls.CipherSuites = new List<ActorQuic.Protocol.Crypto.CipherSuite>(suites);
                return tls;
            },
            LocalParameters = parameters,
            Lifecycle = lifecycle,
            KeyUpdateAfterPackets = KeyUpdateAfterPackets,
            CongestionControl = CongestionControl,
            QlogDirectory = QlogDirectory,
            Owner = owner,
        };
    }
}
