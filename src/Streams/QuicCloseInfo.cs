using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;

namespace ActorQuic.Streams;

/// <summary>
/// How a connection ended: who ended it, with which CONNECTION_CLOSE code and reason (RFC 9000
/// §10, §19.19). Idle timeouts and stateless resets carry no frame: code 0 and an empty reason.
/// </summary>
/// <param name="Source">Who or what ended the connection.</param>
/// <param name="IsApplicationError">CONNECTION_CLOSE type 0x1d (application) rather than 0x1c (transport).</param>
/// <param name="ErrorCode">The application error code, or the transport error code.</param>
/// <param name="Reason">The reason phrase (may be empty).</param>
public sealed record QuicCloseInfo(CloseSource Source, bool IsApplicationError, long ErrorCode, string Reason)
{
    /// <summary>The transport error code, or null for an application close.</summary>
    public TransportErrorCode? TransportError => IsApplicationError ? null : (TransportErrorCode)ErrorCode;

    internal static QuicCloseInfo From(CloseInfo info) =>
        new(info.Source, info.IsApplicationError, unchecked((long)info.ErrorCode), info.Reason);

    public override string ToString() =>
        $"{Source} {(IsApplicationError ? "application" : "transport")} error {ErrorCode}" +
        (Reason.Length > 0 ? $" ({Reason})" : string.Empty);
}
