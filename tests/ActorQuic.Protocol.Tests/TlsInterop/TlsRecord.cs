namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// One record as the layer above sees it: the real content type and content, i.e. a TLSPlaintext
/// fragment or the content of a deprotected TLSInnerPlaintext with padding removed (RFC 9846 §5.1, §5.2).
/// </summary>
public readonly record struct TlsRecord(TlsContentType Type, byte[] Content);
