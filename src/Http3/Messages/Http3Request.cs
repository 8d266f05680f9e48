namespace ActorQuic.Http3.Messages;

/// <summary>
/// A request header section that passed RFC 9114 §4.2/§4.3 validation. For CONNECT (§4.4)
/// <see cref="Scheme"/> and <see cref="Path"/> are null. <see cref="Headers"/> holds the regular
/// fields in order; <see cref="ContentLength"/> is the parsed Content-Length, if any.
/// </summary>
public readonly record struct Http3Request(
    string Method,
    string? Scheme,
    string? Authority,
    string? Path,
    IReadOnlyList<Http3Field> Headers,
    long? ContentLength)
{
    public bool IsConnect => Method == "CONNECT";

    /// <summary>
    /// Validates a decoded request header section and builds the request; a malformed one throws
    /// <see cref="Http3ProtocolException"/> H3_MESSAGE_ERROR as a stream error (§4.1.2).
    /// </summary>
    public static Http3Request FromFields(ReadOnlySpan<Http3Field> fields) => Http3RequestValidator.Validate(fields);

    /// <summary>The field list to encode: pseudo-header fields first (§4.3), then <see cref="Headers"/>.</summary>
    public Http3Field[] ToFields()
    {
        int pseudo = 1 + (Scheme is null ? 0 : 1) + (Authority is null ? 0 : 1) + (Path is null ? 0 : 1);
        var fields = new Http3Field[pseudo + Headers.Count];
        int i = 0;
        fields[i++] = new Http3Field(":method", Method);
        if (Scheme is not null) fields[i++] = new Http3Field(":scheme", Scheme);
        if (Authority is not null) fields[i++] = new Http3Field(":authority", Authority);
        if (Path is not null) fields[i++] = new Http3Field(":path", Path);
        for (int h = 0; h < Headers.Count; h++) fields[i++] = Headers[h];
        return fields;
    }
}
