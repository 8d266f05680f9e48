using ActorQuic.Protocol.Tls;

namespace ActorQuic.Host.Cli;

/// <summary>
/// <c>get --session-file</c>: one TLS session ticket (with the server's transport parameters, for
/// 0-RTT) kept as PEM-style text between runs. The ticket holds a resumption secret, so the file is
/// written readable by its owner only.
/// </summary>
internal static class SessionFile
{
    private const string Label = "ACTORQUIC SESSION TICKET";

    /// <summary>The stored ticket; null when the file does not exist yet (the first run fills it).</summary>
    public static TlsSessionTicket? Load(string path)
    {
        if (!File.Exists(path)) return null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--session-file '{path}': {e.Message}");
        }
        try
        {
            var fields = System.Security.Cryptography.PemEncoding.Find(text);
            if (text[fields.Label] != Label) throw new FormatException($"expected a '{Label}' block");
            return TlsSessionTicket.Decode(Convert.FromBase64String(text[fields.Base64Data]));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new UsageException($"--session-file '{path}': not a session ticket of ours ({e.Message}); delete it to start over");
        }
    }

    /// <summary>Replaces the file's ticket (write to a temporary file, then rename: a crash leaves the old one).</summary>
    public static void Save(string path, TlsSessionTicket ticket)
    {
        string pem = new string(System.Security.Cryptography.PemEncoding.Write(Label, ticket.Encode())) + "\n";
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(pem);
        File.Move(temporary, path, overwrite: true);
    }
}
