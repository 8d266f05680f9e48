namespace ActorQuic.Http3.Messages;

/// <summary>Response header and trailer section rules (RFC 9114 §4.2, §4.3.2).</summary>
internal static class Http3ResponseValidator
{
    public static Http3Response Validate(ReadOnlySpan<Http3Field> fields)
    {
        string? status = null;
        long? contentLength = null;
        int regular = 0;
        bool sawRegular = false;

        foreach (ref readonly var field in fields)
        {
            Http3FieldRules.CheckValue(field);
            if (field.IsPseudoHeader)
            {
                if (sawRegular) throw Http3Malformed.Error($"pseudo-header '{field.Name}' after a regular field");
                switch (field.Name)
                {
                    case ":status":
                        if (status is not null) throw Http3Malformed.Error("repeated :status");
                        status = field.Value;
                        break;
                    case ":method":
                    case ":scheme":
                    case ":authority":
                    case ":path":
                        throw Http3Malformed.Error($"request pseudo-header '{field.Name}' in a response");
                    default:
                        throw Http3Malformed.Error($"unknown pseudo-header '{field.Name}'");
                }
                continue;
            }
            sawRegular = true;
            regular++;
            Http3FieldRules.CheckRegularName(field.Name);
            // §4.2: TE is allowed only in request headers.
            Http3FieldRules.CheckNotConnectionSpecific(field, teAllowed: false);
            if (field.Name == "content-length") Http3FieldRules.MergeContentLength(field.Value, ref contentLength);
        }

        if (status is null) throw Http3Malformed.Error("missing :status");
        int code = ParseStatus(status);

        var headers = regular == 0 ? [] : new Http3Field[regular];
        int i = 0;
        foreach (ref readonly var field in fields)
        {
            if (!field.IsPseudoHeader) headers[i++] = field;
        }
        return new Http3Response(code, headers, contentLength);
    }

    /// <summary>
    /// Trailer sections (RFC 9114 §4.1, §4.3): regular fields only, same name/value/connection rules;
    /// a trailer section carries no Content-Length semantics, so that field is checked only for syntax.
    /// </summary>
    public static Http3Field[] ValidateTrailers(ReadOnlySpan<Http3Field> fields)
    {
        foreach (ref readonly var field in fields)
        {
            if (field.IsPseudoHeader) throw Http3Malformed.Error($"pseudo-header '{field.Name}' in a trailer section");
            Http3FieldRules.CheckRegularName(field.Name);
            Http3FieldRules.CheckValue(field);
            Http3FieldRules.CheckNotConnectionSpecific(field, teAllowed: false);
        }
        return fields.ToArray();
    }

    /// <summary>
    /// RFC 9110 §15: three digits, 100..599. 101 is refused: HTTP/3 has no Upgrade (RFC 9114 §4.5).
    /// </summary>
    private static int ParseStatus(string status)
    {
        if (status.Length != 3 || !char.IsAsciiDigit(status[0]) || !char.IsAsciiDigit(status[1]) || !char.IsAsciiDigit(status[2]))
            throw Http3Malformed.Error($"invalid :status '{status}'");
        int code = (status[0] - '0') * 100 + (status[1] - '0') * 10 + (status[2] - '0');
        if (code is < 100 or > 599) throw Http3Malformed.Error($":status {code} out of range");
        if (code == 101) throw Http3Malformed.Error(":status 101 (Switching Protocols) is not supported in HTTP/3");
        return code;
    }
}
