namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The explicit handshake state machine of both roles (RFC 9846 Appendix A). Each state names
/// the next message expected from the peer.
/// </summary>
public enum TlsHandshakeState
{
    /// <summary>Client not started yet / server waiting for a ClientHello.</summary>
    Start,
    /// <summary>Server sent a HelloRetryRequest and waits for the second ClientHello.</summary>
    WaitSecondClientHello,
    /// <summary>Client sent a ClientHello.</summary>
    WaitServerHello,
    WaitEncryptedExtensions,
    /// <summary>Client, certificate mode: CertificateRequest or Certificate next.</summary>
    WaitCertificateOrCertificateRequest,
    WaitCertificate,
    WaitCertificateVerify,
    WaitFinished,
    /// <summary>Server asked for a client certificate.</summary>
    WaitClientCertificate,
    WaitClientCertificateVerify,
    WaitClientFinished,
    /// <summary>Handshake complete; only post-handshake messages (NewSessionTicket) are accepted.</summary>
    Connected,
    /// <summary>A fatal alert was raised; the engine refuses all further input.</summary>
    Failed,
}
