namespace ActorQuic.Http3.Messages;

/// <summary>Validation of trailer sections (RFC 9114 §4.1, §4.2, §4.3).</summary>
public static class Http3Trailers
{
    /// <summary>
    /// Validates a decoded trailer section and returns its fields; pseudo-headers, uppercase or
    /// invalid names, invalid values and connection-specific fields (TE included) throw
    /// <see cref="Http3ProtocolException"/> H3_MESSAGE_ERROR as a stream error.
    /// </summary>
    public static Http3Field[] FromFields(ReadOnlySpan<Http3Field> fields) => Http3ResponseValidator.ValidateTrailers(fields);
}
