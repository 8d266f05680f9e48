namespace ActorQuic.Protocol.Tls;

/// <summary>Whether a server asks for a client certificate (CertificateRequest, RFC 9846 §4.3.2).</summary>
public enum TlsClientCertificateMode
{
    None,
    /// <summary>Ask, but accept an empty Certificate.</summary>
    Request,
    /// <summary>Ask and fail with certificate_required (116) if none is sent.</summary>
    Require,
}
