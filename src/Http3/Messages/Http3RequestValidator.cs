namespace ActorQuic.Http3.Messages;

/// <summary>Request header section rules (RFC 9114 §4.2, §4.3.1, §4.4).</summary>
internal static class Http3RequestValidator
{
    public static Http3Request Validate(ReadOnlySpan<Http3Field> fields)
    {
        string? method = null, scheme = null, authority = null, path = null, host = null;
        long? contentLength = null;
        int regular = 0;
        bool sawRegular = false;

        foreach (ref readonly var field in fields)
        {
            Http3FieldRules.CheckValue(field);
            if (field.IsPseudoHeader)
            {
                // §4.3: pseudo-header fields precede all regular fields.
                if (sawRegular) throw Http3Malformed.Error($"pseudo-header '{field.Name}' after a regular field");
                switch (field.Name)
                {
                    case ":method": SetOnce(ref method, field); break;
                    case ":scheme": SetOnce(ref scheme, field); break;
                    case ":authority": SetOnce(ref authority, field); break;
                    case ":path": SetOnce(ref path, field); break;
                    case ":status": throw Http3Malformed.Error("response pseudo-header ':status' in a request");
                    default: throw Http3Malformed.Error($"unknown pseudo-header '{field.Name}'");
                }
                continue;
            }
            sawRegular = true;
            regular++;
            Http3FieldRules.CheckRegularName(field.Name);
            Http3FieldRules.CheckNotConnectionSpecific(field, teAllowed: true);
            if (field.Name == "content-length") Http3FieldRules.MergeContentLength(field.Value, ref contentLength);
            else if (field.Name == "host")
            {
                if (host is not null && host != field.Value) throw Http3Malformed.Error("conflicting host fields");
                host = field.Value;
            }
        }

        if (method is null) throw Http3Malformed.Error("missing :method");
        if (method.Length == 0 || !IsToken(method)) throw Http3Malformed.Error($"invalid :method '{method}'");

        if (method == "CONNECT")
        {
            // §4.4: :scheme and :path omitted, :authority carries host:port.
            if (scheme is not null || path is not null) throw Http3Malformed.Error("CONNECT with :scheme or :path");
            if (string.IsNullOrEmpty(authority)) throw Http3Malformed.Error("CONNECT without :authority");
        }
        else
        {
            if (scheme is null) throw Http3Malformed.Error("missing :scheme");
            if (path is null) throw Http3Malformed.Error("missing :path");
            if (!IsScheme(scheme)) throw Http3Malformed.Error($"invalid :scheme '{scheme}'");
            if (IsHttpScheme(scheme)) CheckHttpTarget(method, authority, path, host);
        }

        return new Http3Request(method, scheme, authority, path, CollectRegular(fields, regular), contentLength);
    }

    /// <summary>§4.3.1 rules for "http" and "https" targets.</summary>
    private static void CheckHttpTarget(string method, string? authority, string path, string? host)
    {
        if (path.Length == 0) throw Http3Malformed.Error("empty :path for an http(s) URI");
        // path-absolute [ "?" query ], or "*" for a server-wide OPTIONS.
        if (path[0] != '/' && !(path == "*" && method == "OPTIONS"))
            throw Http3Malformed.Error($":path '{path}' is neither absolute nor '*' for OPTIONS");
        if (authority is null && host is null) throw Http3Malformed.Error("http(s) request without :authority or host");
        if (authority is not null)
        {
            if (authority.Length == 0) throw Http3Malformed.Error("empty :authority");
            if (authority.Contains('@')) throw Http3Malformed.Error(":authority with userinfo");
        }
        if (host is not null)
        {
            if (host.Length == 0) throw Http3Malformed.Error("empty host");
            if (authority is not null && host != authority) throw Http3Malformed.Error("host differs from :authority");
        }
    }

    private static void SetOnce(ref string? slot, in Http3Field field)
    {
        if (slot is not null) throw Http3Malformed.Error($"repeated pseudo-header '{field.Name}'");
        slot = field.Value;
    }

    private static Http3Field[] CollectRegular(ReadOnlySpan<Http3Field> fields, int count)
    {
        if (count == 0) return [];
        var headers = new Http3Field[count];
        int i = 0;
        foreach (ref readonly var field in fields)
        {
            if (!field.IsPseudoHeader) headers[i++] = field;
        }
        return headers;
    }

    private static bool IsToken(string s)
    {
        foreach (char c in s)
        {
            if (!Http3FieldRules.IsTokenChar(c)) return false;
        }
        return true;
    }

    /// <summary>RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).</summary>
    private static bool IsScheme(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) return false;
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        }
        return true;
    }

    private static bool IsHttpScheme(string scheme) =>
        scheme.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Equals("http", StringComparison.OrdinalIgnoreCase);
}
