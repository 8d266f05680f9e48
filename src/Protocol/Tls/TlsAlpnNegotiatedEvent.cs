using System.Net.Security;

namespace ActorQuic.Protocol.Tls;

/// <summary>The application protocol both sides agreed on (RFC 7301; mandatory for QUIC, RFC 9001 §8.1).</summary>
public sealed record TlsAlpnNegotiatedEvent(SslApplicationProtocol Protocol) : TlsEvent;
