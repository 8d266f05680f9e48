namespace ActorQuic.Http3;

/// <summary>
/// The one error type the HTTP/3 and QPACK layers raise for bad peer input, carrying the
/// RFC 9114 §8.1 / RFC 9204 §6 code. <see cref="IsConnectionError"/> says whether it closes the
/// connection or only resets the stream (RFC 9114 §8).
/// </summary>
public sealed class Http3ProtocolException : Exception
{
    public Http3ProtocolException(Http3ErrorCode errorCode, string reason, bool isConnectionError = true)
        : base($"{errorCode}: {reason}")
    {
        ErrorCode = errorCode;
        Reason = reason;
        IsConnectionError = isConnectionError;
    }

    public Http3ErrorCode ErrorCode { get; }
    public string Reason { get; }
    public bool IsConnectionError { get; }
}
