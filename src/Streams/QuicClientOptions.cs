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
            QlogDirectory = QlogDirectory,
            Owner = owner,
        };
    }
}
