namespace ActorQuic.Protocol.Tls;

/// <summary>The TLS extensions this engine understands (RFC 9846 §4.2; RFC 9001 §8.2 for 0x39). Others are ignored.</summary>
public enum ExtensionType : ushort
{
    ServerName = 0,
    SupportedGroups = 10,
    SignatureAlgorithms = 13,
    ApplicationLayerProtocolNegotiation = 16,
    PreSharedKey = 41,
    EarlyData = 42,
    SupportedVersions = 43,
    Cookie = 44,
    PskKeyExchangeModes = 45,
    CertificateAuthorities = 47,
    SignatureAlgorithmsCert = 50,
    KeyShare = 51,
    QuicTransportParameters = 57,
}
