using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>What a completed handshake agreed on, as the engine reports it.</summary>
public sealed record TlsNegotiatedParameters(
    CipherSuite CipherSuite,
    NamedGroup? Group,
    string ApplicationProtocol,
    bool Resumed,
    bool UsedHelloRetryRequest,
    int PeerCertificateCount);
