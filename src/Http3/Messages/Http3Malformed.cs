namespace ActorQuic.Http3.Messages;

/// <summary>
/// Builds the error for a malformed message (RFC 9114 §4.1.2): always a stream error of type
/// H3_MESSAGE_ERROR, never a connection error.
/// </summary>
internal static class Http3Malformed
{
    public static Http3ProtocolException Error(string reason) =>
        new(Http3ErrorCode.MessageError, reason, isConnectionError: false);
}
