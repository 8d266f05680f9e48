using System.Net.Quic;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;

namespace ActorQuic.Streams;

// CA1416: System.Net.Quic marks its types as linux/macOS/windows-only because its transport needs
// msquic. We use only QuicException and QuicError, plain managed types that work everywhere, and
// we keep every use in this one file so the rest of the assembly stays platform-neutral.
#pragma warning disable CA1416

/// <summary>
/// Maps what the connection actors report to <see cref="QuicException"/>, the error type users
/// of System.Net.Quic know. Only the exception and enum types are used, which exist on every
/// platform (the System.Net.Quic transport itself needs msquic, which we never load).
/// </summary>
internal static class QuicErrors
{
    /// <summary>The connection ended (for a stream, a connect, or an open).</summary>
    public static QuicException FromClose(QuicCloseInfo info, bool handshakeCompleted = true)
    {
        string message = $"The QUIC connection ended: {info}.";
        if (info.IsApplicationError) return new QuicException(QuicError.ConnectionAborted, info.ErrorCode, message);
        return info.Source switch
        {
            // RFC 9000 §10.1: an idle timeout before the handshake completed means nobody answered.
            CloseSource.IdleTimeout => handshakeCompleted
                ? new QuicException(QuicError.ConnectionIdle, null, message)
                : new QuicException(QuicError.ConnectionTimeout, null, message),
            CloseSource.StatelessReset => new QuicException(QuicError.ConnectionAborted, null, message),
            _ when info.TransportError == TransportErrorCode.ConnectionRefused =>
                new QuicException(QuicError.ConnectionRefused, null, message),
            _ when info.TransportError == TransportErrorCode.NoError && info.Source == CloseSource.Peer =>
                new QuicException(QuicError.ConnectionAborted, null, message),
            _ => new QuicException(QuicError.TransportError, null, message),
        };
    }

    public static QuicException FromClose(CloseInfo info, bool handshakeCompleted = true) =>
        FromClose(QuicCloseInfo.From(info), handshakeCompleted);

    /// <summary>The peer reset the stream or asked us to stop sending (RFC 9000 §19.4, §19.5).</summary>
    public static QuicException StreamAborted(ulong streamId, ulong applicationErrorCode, string what) =>
        new(QuicError.StreamAborted, unchecked((long)applicationErrorCode),
            $"The peer {what} stream {streamId} with application error {applicationErrorCode}.");

    public static QuicException OperationAborted(string message) => new(QuicError.OperationAborted, null, message);

    public static QuicException HandshakeTimeout(TimeSpan timeout) =>
        new(QuicError.ConnectionTimeout, null, $"The QUIC handshake did not complete within {timeout}.");

    public static QuicException ConnectionGone(string message) => new(QuicError.ConnectionAborted, null, message);
}
