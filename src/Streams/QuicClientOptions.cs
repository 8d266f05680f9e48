using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Streams;

/// <summary>
/// One outgoing connection. The server's chain is verified by default: against
/// <see cref="TrustedCaPems"/> (or the system store when empty) and against <see cref="ServerName"/>.
/// <see cref="Insecure"/> is the explicit opt-out.
/// </summary>
public sealed class QuicClientOptions : QuicConnectionOptions
{
    /// <summary>Default bound on the handshake.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>DNS name sent as SNI and checked against the certificate; null: the remote IP, checked against IP SANs.</summary>
    public string? ServerName { get; set; }

    /// <summary>CA certificates (PEM) the server chain must lead to; empty: the system store.</summary>
    public IList<string> TrustedCaPems { get; set; } = new List<string>();

    /// <summary>Skip chain, validity and name checks (the callback still runs). For tests and pinning callbacks only.</summary>
    public bool Insecure { get; set; }

    /// <summary>Extra check of the server's whole chain (leaf first) and the server name; return null to accept or a reason to refuse.</summary>
    public TlsCertificateValidationCallback? CertificateValidation { get; set; }

    /// <summary>Client certificate chain (PEM, leaf first) for mutual TLS; with <see cref="ClientPrivateKeyPem"/>.</summary>
    public string? ClientCertificatePem { get; set; }

    public string? ClientPrivateKeyPem { get; set; }

    /// <summary>
    /// A ticket from an earlier connection to the same server (<see cref="SessionTicketReceived"/>): the
    /// handshake resumes that session (RFC 9846 §2.2) when the server still accepts it, else it is a full one.
    /// </summary>
    public TlsSessionTicket? SessionTicket { get; set; }

    /// <summary>
    /// Send 0-RTT data when <see cref="SessionTicket"/> allows it (RFC 9001 §4.6): ConnectAsync then
    /// completes as soon as 0-RTT keys are ready, before the handshake, and what is written at once
    /// goes in 0-RTT packets. <see cref="QuicConnection.ZeroRttAccepted"/> tells whether the server
    /// took it; a rejection resends it with 1-RTT keys. Use only for data that is safe to replay
    /// (RFC 9001 §9.2), e.g. idempotent requests.
    /// </summary>
    public bool EnableEarlyData { get; set; }

    /// <summary>
    /// With 0-RTT: the first flight waits up to this long for the first request (a bidirectional stream
    /// opened and written up to its end), so the request leaves in 0-RTT packets with the ClientHello
    /// instead of racing the server's reply. Zero (default): no wait. At most 10 s.
    /// </summary>
    public TimeSpan EarlyDataHold { get; set; }

    /// <summary>Called (on an actor's thread; keep it short) with each ticket the server sends, to resume later.</summary>
    public Action<TlsSessionTicket>? SessionTicketReceived { get; set; }

    /// <summary>ConnectAsync fails with QuicError.ConnectionTimeout when the handshake takes longer. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = DefaultHandshakeTimeout;

    /// <summary>Checks every setting; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        ValidateCommon();
        if (ServerName is not null && (ServerName.Length == 0 || ServerName.Length > 253))
            throw new ArgumentException("ServerName must be a DNS name or IP literal of 1-253 characters", nameof(ServerName));
        if ((ClientCertificatePem is null) != (ClientPrivateKeyPem is null))
            throw new ArgumentException("ClientCertificatePem and ClientPrivateKeyPem go together", ClientCertificatePem is null ? nameof(ClientCertificatePem) : nameof(ClientPrivateKeyPem));
        if (ClientCertificatePem is not null) PemMaterial.CheckCertificate(ClientCertificatePem, ClientPrivateKeyPem!, nameof(ClientCertificatePem));
        PemMaterial.TrustAnchors(TrustedCaPems, nameof(TrustedCaPems));
        if (EarlyDataHold < TimeSpan.Zero || EarlyDataHold > TimeSpan.FromSeconds(10))
            throw new ArgumentOutOfRangeException(nameof(EarlyDataHold), EarlyDataHold, "must be between 0 and 10 s");
        if (HandshakeTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "must be positive");
    }

    /// <summary>Validates and maps to what one client connection actor takes (fresh objects: it writes into them).</summary>
    internal Func<Akka.Actor.IActorRef, ClientConnectionOptions> ToConnectionOptions(IPEndPoint remote)
    {
        Validate();
        var anchors = PemMaterial.TrustAnchors(TrustedCaPems, nameof(TrustedCaPems));
        var tls = new TlsClientOptions
        {
            ServerName = ServerName ?? remote.Address.ToString(),
            TrustedRoots = anchors,
            InsecureSkipCertificateValidation = Insecure,
            CertificateValidationCallback = CertificateValidation,
            ClientCertificate = ClientCertificatePem is null ? null : TlsCertificate.FromPem(ClientCertificatePem, ClientPrivateKeyPem!),
            SessionTicket = SessionTicket,
            EnableEarlyData = EnableEarlyData,
        };
        ApplyTo(tls);
        var parameters = ToTransportParameters();
        var lifecycle = ToLifecycle();
        return owner => new ClientConnectionOptions
        {
            Tls = tls,
            LocalParameters = parameters,
            Lifecycle = lifecycle,
            KeyUpdateAfterPackets = KeyUpdateAfterPackets,
            CongestionControl = CongestionControl,
            EarlyDataHold = EarlyDataHold,
            QlogDirectory = QlogDirectory,
            Owner = owner,
        };
    }
}
