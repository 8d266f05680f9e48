namespace ActorQuic.Http3.Messages;

/// <summary>
/// A response header section that passed RFC 9114 §4.2/§4.3.2 validation. Interim (1xx)
/// responses may precede the final one on a stream (§4.1).
/// </summary>
public readonly record struct Http3Response(int Status, IReadOnlyList<Http3Field> Headers, long? ContentLength)
{
    /// <summary>1xx: no content or trailers follow, another response does (§4.1).</summary>
    public bool IsInterim => Status < 200;

    /// <summary>
    /// Validates a decoded response header section and builds the response; a malformed one throws
    /// <see cref="Http3ProtocolException"/> H3_MESSAGE_ERROR as a stream error (§4.1.2).
    /// </summary>
    public static Http3Response FromFields(ReadOnlySpan<Http3Field> fields) => Http3ResponseValidator.Validate(fields);

    /// <summary>The field list to encode: :status first (§4.3), then <see cref="Headers"/>.</summary>
    public Http3Field[] ToFields()
    {
        var fields = new Http3Field[1 + Headers.Count];
        fields[0] = new Http3Field(":status", Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (int h = 0; h < Headers.Count; h++) fields[h + 1] = Headers[h];
        return fields;
    }
}
