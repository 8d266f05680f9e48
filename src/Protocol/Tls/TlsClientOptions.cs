using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Protocol.Tls;

/// <summary>Configuration of a <see cref="TlsClient"/>.</summary>
public sealed class TlsClientOptions : TlsOptions
{
    /// <summary>DNS name (sent as SNI and checked against the certificate) or IP literal (checked against IP SANs, not sent).</summary>
    public string? ServerName { get; set; }

    /// <summary>Trust anchors for the server chain; null means the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; set; }

    /// <summary>Insecure: skip path, validity and name checks (the callback still runs). For tests and pinning callbacks.</summary>
    public bool InsecureSkipCertificateValidation { get; set; }

    public TlsCertificateValidationCallback? CertificateValidationCallback { get; set; }

    /// <summary>Certificate for mutual TLS, sent when the server sends a CertificateRequest.</summary>
    public TlsCertificate? ClientCertificate { get; set; }

    /// <summary>A ticket from an earlier connection to resume (psk_dhe_ke, RFC 9846 §4.2.9).</summary>
    public TlsSessionTicket? SessionTicket { get; set; }

    /// <summary>Offer 0-RTT when <see cref="SessionTicket"/> allows it (RFC 9001 §4.6).</summary>
    public bool EnableEarlyData { get; set; }
}
