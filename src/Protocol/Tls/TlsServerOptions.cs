using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Protocol.Tls;

/// <summary>Configuration of a <see cref="TlsServer"/>. One instance may be shared by many connections.</summary>
public sealed class TlsServerOptions : TlsOptions
{
    /// <summary>The certificate used when <see cref="CertificateSelector"/> is null or returns null.</summary>
    public TlsCertificate? Certificate { get; set; }

    /// <summary>Chooses a certificate from the client's server_name (null when absent).</summary>
    public Func<string?, TlsCertificate?>? CertificateSelector { get; set; }

    public TlsClientCertificateMode ClientCertificateMode { get; set; }

    /// <summary>Trust anchors for client certificates; null means the system store.</summary>
    public X509Certificate2Collection? ClientCertificateTrustedRoots { get; set; }

    public bool InsecureSkipClientCertificateValidation { get; set; }

    public TlsCertificateValidationCallback? ClientCertificateValidationCallback { get; set; }

    /// <summary>32-byte AES-256-GCM key sealing session tickets; tickets are off when null.</summary>
    public byte[]? SessionTicketKey { get; set; }

    /// <summary>Retired ticket keys still accepted for resumption (key rotation); never used to seal.</summary>
    public IList<byte[]> PreviousSessionTicketKeys { get; set; } = new List<byte[]>();

    /// <summary>Tickets sent automatically when the handshake completes.</summary>
    public int SessionTicketCount { get; set; } = 1;

    /// <summary>Ticket lifetime; at most 7 days (RFC 9846 §4.6.1).</summary>
    public TimeSpan SessionTicketLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Issue tickets allowing 0-RTT and accept early data on resumption (RFC 9001 §4.6).</summary>
    public bool EnableEarlyData { get; set; }

    /// <summary>Tolerance of the ticket age check for 0-RTT (RFC 9846 §8.3).</summary>
    public TimeSpan MaxEarlyDataClockSkew { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Single-use ticket memory shared by all connections using these options.</summary>
    public TlsAntiReplayCache AntiReplayCache { get; set; } = new();

    /// <summary>
    /// The QUIC/application layer's 0-RTT veto (RFC 9001 §4.6.3): receives the application data
    /// stored in the ticket and returns whether early data is still acceptable.
    /// </summary>
    public Func<byte[], bool>? EarlyDataValidator { get; set; }

    internal void Validate()
    {
        ValidateCommon();
        if (Certificate == null && CertificateSelector == null) throw new ArgumentException("a server certificate is required");
        if (SessionTicketKey is { Length: not 32 } || PreviousSessionTicketKeys.Any(k => k.Length != 32))
            throw new ArgumentException("session ticket keys must be 32 bytes");
        if (SessionTicketLifetime <= TimeSpan.Zero || SessionTicketLifetime > TimeSpan.FromDays(7))
            throw new ArgumentException("SessionTicketLifetime must be within 7 days");
    }
}
