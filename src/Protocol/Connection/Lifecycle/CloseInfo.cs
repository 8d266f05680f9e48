namespace ActorQuic.Protocol.Connection;

/// <summary>
/// How a connection ended: who ended it and with which CONNECTION_CLOSE fields (RFC 9000 §19.19).
/// For <see cref="CloseSource.IdleTimeout"/> and <see cref="CloseSource.StatelessReset"/> there is
/// no frame: the code is NO_ERROR and the reason empty. This becomes the user-visible close
/// information of the public API.
/// </summary>
/// <param name="Source">Who or what ended the connection.</param>
/// <param name="ErrorCode">The error code: an application code when <paramref name="IsApplicationError"/>, else a <see cref="TransportErrorCode"/>.</param>
/// <param name="IsApplicationError">The close was CONNECTION_CLOSE type 0x1d (application) rather than 0x1c (transport).</param>
/// <param name="FrameType">For a transport close, the frame type that triggered it (0 when unknown or not applicable).</param>
/// <param name="Reason">The reason phrase (UTF-8 decoded; may be empty).</param>
public sealed record CloseInfo(
    CloseSource Source,
    ulong ErrorCode,
    bool IsApplicationError,
    ulong FrameType,
    string Reason)
{
    /// <summary>The transport error code, or null for an application close.</summary>
    public TransportErrorCode? TransportError => IsApplicationError ? null : (TransportErrorCode)ErrorCode;

    internal static CloseInfo Silent(CloseSource source) => new(source, 0, false, 0, string.Empty);
}
