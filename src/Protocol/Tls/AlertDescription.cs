namespace ActorQuic.Protocol.Tls;

/// <summary>
/// TLS alert descriptions (RFC 9846 §6, Appendix B.2). QUIC carries no alerts: a fatal alert
/// becomes CRYPTO_ERROR 0x0100 + description in CONNECTION_CLOSE (RFC 9001 §4.8).
/// </summary>
public enum AlertDescription : byte
{
    CloseNotify = 0,
    UnexpectedMessage = 10,
    BadRecordMac = 20,
    RecordOverflow = 22,
    HandshakeFailure = 40,
    BadCertificate = 42,
    UnsupportedCertificate = 43,
    CertificateRevoked = 44,
    CertificateExpired = 45,
    CertificateUnknown = 46,
    IllegalParameter = 47,
    UnknownCa = 48,
    AccessDenied = 49,
    DecodeError = 50,
    DecryptError = 51,
    ProtocolVersion = 70,
    InsufficientSecurity = 71,
    InternalError = 80,
    InappropriateFallback = 86,
    UserCanceled = 90,
    MissingExtension = 109,
    UnsupportedExtension = 110,
    UnrecognizedName = 112,
    BadCertificateStatusResponse = 113,
    UnknownPskIdentity = 115,
    CertificateRequired = 116,
    GeneralError = 117,
    NoApplicationProtocol = 120,
}
