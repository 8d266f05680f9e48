using System.Net.Security;
using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>Settings shared by both roles. Lists are in preference order.</summary>
public abstract class TlsOptions
{
    /// <summary>ALPN protocols; at least one is required (RFC 9001 §8.1).</summary>
    public IList<SslApplicationProtocol> ApplicationProtocols { get; set; } = new List<SslApplicationProtocol>();

    /// <summary>Our encoded QUIC transport parameters, sent in extension 0x39 (RFC 9001 §8.2).</summary>
    public byte[] TransportParameters { get; set; } = [];

    /// <summary>
    /// True (the default) for QUIC: the quic_transport_parameters extension is mandatory in both
    /// directions (RFC 9001 §8.2) and session tickets must allow 0xffffffff bytes of early data
    /// (RFC 9001 §4.6.1). False only when this engine runs over a TLS record layer instead of QUIC
    /// (the OpenSSL interop tests): the extension is then sent only when
    /// <see cref="TransportParameters"/> is non-empty and optional from the peer, and tickets with
    /// another early-data limit are kept for resumption without 0-RTT.
    /// </summary>
    public bool RequireQuicTransportParameters { get; set; } = true;

    public IList<CipherSuite> CipherSuites { get; set; } = new List<CipherSuite>(TlsCipherSuites.All);

    /// <summary>Key exchange groups; the client sends a key share for the first one.</summary>
    public IList<NamedGroup> Groups { get; set; } = new List<NamedGroup> { NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1 };

    /// <summary>Signature schemes we accept from the peer.</summary>
    public IList<SignatureScheme> SignatureSchemes { get; set; } = new List<SignatureScheme>(TlsSignatures.All);

    /// <summary>Randomness (ClientHello/ServerHello random, ephemeral keys, ticket fields). Inject a seeded source in tests.</summary>
    public Action<Span<byte>> Random { get; set; } = RandomNumberGenerator.Fill;

    /// <summary>Largest handshake message accepted; larger ones fail with CRYPTO_BUFFER_EXCEEDED, bounding memory.</summary>
    public int MaxHandshakeMessageSize { get; set; } = 64 * 1024;

    internal void ValidateCommon()
    {
        if (ApplicationProtocols.Count == 0) throw new ArgumentException("at least one ALPN protocol is required (RFC 9001 §8.1)");
        if (CipherSuites.Count == 0 || CipherSuites.Any(s => !TlsCipherSuites.IsSupported((ushort)s)))
            throw new ArgumentException("cipher suites must be a non-empty subset of the TLS 1.3 AES-GCM/ChaCha20 suites");
        if (Groups.Count == 0 || Groups.Any(g => !TlsKeyShare.IsSupported((ushort)g)))
            throw new ArgumentException("groups must be a non-empty subset of x25519, secp256r1, secp384r1");
        if (SignatureSchemes.Count == 0) throw new ArgumentException("at least one signature scheme is required");
        if (MaxHandshakeMessageSize < 1024) throw new ArgumentException("MaxHandshakeMessageSize too small");
    }
}
