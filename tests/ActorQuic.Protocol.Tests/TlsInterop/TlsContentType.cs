namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>The record content types of TLS 1.3 (RFC 9846 §5.1, ContentType).</summary>
public enum TlsContentType : byte
{
    Invalid = 0,
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
}
