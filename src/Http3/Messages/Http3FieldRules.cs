namespace ActorQuic.Http3.Messages;

/// <summary>
/// Checks shared by header and trailer sections (RFC 9114 §4.2): field name and value syntax
/// (RFC 9110 §5.1, §5.5), lowercase names, connection-specific fields, TE and Content-Length.
/// </summary>
internal static class Http3FieldRules
{
    /// <summary>RFC 9110 §5.6.2 tchar, minus uppercase letters (RFC 9114 §4.2).</summary>
    public static void CheckRegularName(string name)
    {
        if (name.Length == 0) throw Http3Malformed.Error("empty field name");
        foreach (char c in name)
        {
            if (c is >= 'A' and <= 'Z') throw Http3Malformed.Error($"uppercase field name '{name}'");
            if (!IsTokenChar(c)) throw Http3Malformed.Error($"invalid character 0x{(int)c:x2} in field name '{name}'");
        }
    }

    /// <summary>
    /// RFC 9110 §5.5: field values are visible characters, obs-text, SP and HTAB; NUL, CR, LF and
    /// other controls are invalid (RFC 9114 §4.1.2 makes them malformed).
    /// </summary>
    public static void CheckValue(in Http3Field field)
    {
        foreach (char c in field.Value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                throw Http3Malformed.Error($"invalid character 0x{(int)c:x2} in value of '{field.Name}'");
        }
    }

    /// <summary>
    /// RFC 9114 §4.2: connection-specific fields make a message malformed. TE is allowed only in a
    /// request header section and only as "trailers".
    /// </summary>
    public static void CheckNotConnectionSpecific(in Http3Field field, bool teAllowed)
    {
        switch (field.Name)
        {
            case "connection":
            case "keep-alive":
            case "proxy-connection":
            case "transfer-encoding":
            case "upgrade":
                throw Http3Malformed.Error($"connection-specific field '{field.Name}'");
            case "te":
                if (!teAllowed) throw Http3Malformed.Error("TE outside a request header section");
                if (!field.Value.AsSpan().Trim(" \t").Equals("trailers", StringComparison.OrdinalIgnoreCase))
                    throw Http3Malformed.Error($"TE '{field.Value}' is not \"trailers\"");
                break;
        }
    }

    /// <summary>
    /// RFC 9110 §8.6: Content-Length is 1*DIGIT; a list of identical values (from a repeated
    /// field or a comma-separated one) is accepted as that value, differing values are malformed.
    /// </summary>
    public static void MergeContentLength(string value, ref long? contentLength)
    {
        var rest = value.AsSpan();
        while (true)
        {
            int comma = rest.IndexOf(',');
            var item = (comma < 0 ? rest : rest[..comma]).Trim(" \t");
            long parsed = ParseDigits(item, value);
            if (contentLength is { } existing && existing != parsed)
                throw Http3Malformed.Error($"conflicting content-length values ({existing}, {parsed})");
            contentLength = parsed;
            if (comma < 0) return;
            rest = rest[(comma + 1)..];
        }
    }

    public static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static long ParseDigits(ReadOnlySpan<char> digits, string whole)
    {
        if (digits.IsEmpty) throw Http3Malformed.Error($"invalid content-length '{whole}'");
        long result = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '9') throw Http3Malformed.Error($"invalid content-length '{whole}'");
            if (result > (long.MaxValue - 9) / 10) throw Http3Malformed.Error($"content-length '{whole}' too large");
            result = result * 10 + (c - '0');
        }
        return result;
    }
}
