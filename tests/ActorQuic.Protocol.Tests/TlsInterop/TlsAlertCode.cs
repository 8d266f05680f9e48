namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// The alert descriptions the record layer itself raises or must recognise (RFC 9846 §6). The
/// engine has its own enum for handshake alerts; the record layer only needs these few and
/// carries any other description through as a byte.
/// </summary>
public static class TlsAlertCode
{
    public const byte CloseNotify = 0;
    public const byte UnexpectedMessage = 10;
    public const byte BadRecordMac = 20;
    public const byte RecordOverflow = 22;
    public const byte HandshakeFailure = 40;
    public const byte DecodeError = 50;
    public const byte InternalError = 80;

    /// <summary>Alert levels (RFC 9846 §6): in TLS 1.3 every alert but close_notify/user_canceled is fatal.</summary>
    public const byte LevelWarning = 1;
    public const byte LevelFatal = 2;
}
