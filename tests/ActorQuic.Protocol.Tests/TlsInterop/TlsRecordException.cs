namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// A record-layer error that ends the connection with the fatal alert <see cref="Alert"/>
/// (RFC 9846 §5: bad_record_mac, record_overflow, unexpected_message, decode_error).
/// </summary>
public sealed class TlsRecordException : Exception
{
    public TlsRecordException(byte alert, string message, Exception? inner = null)
        : base($"{message} (alert {alert})", inner) => Alert = alert;

    public byte Alert { get; }
}
