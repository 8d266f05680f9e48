namespace ActorQuic.Protocol;

/// <summary>
/// The one error type the protocol layer raises for bad peer input. It carries the transport
/// error code (RFC 9000 §20.1) the connection closes with, and the frame type that caused it
/// when known (reported in CONNECTION_CLOSE, RFC 9000 §19.19).
/// </summary>
public sealed class QuicProtocolException : Exception
{
    public QuicProtocolException(TransportErrorCode errorCode, string reason, ulong frameType = 0)
        : base($"{errorCode}: {reason}")
    {
        ErrorCode = errorCode;
        Reason = reason;
        FrameType = frameType;
    }

    public TransportErrorCode ErrorCode { get; }
    public string Reason { get; }
    public ulong FrameType { get; }

    /// <summary>CRYPTO_ERROR for a TLS alert (RFC 9001 §4.8): 0x0100 + alert description.</summary>
    public static QuicProtocolException Crypto(byte alert, string reason) =>
        new((TransportErrorCode)(0x0100u + alert), reason);
}
