using System.CommandLine;

namespace ActorQuic.Host.Cli;

/// <summary>The System.CommandLine tree of <c>actorquic</c> and the reading of its values into settings.</summary>
internal sealed class Commands
{
    public const string DefaultListen = "127.0.0.1:4433";
    public const string HqInterop = "hq-interop";
    public const string H3 = "h3";
    public const string DefaultServeAlpn = H3 + "," + HqInterop;

    // serve
    private readonly Option<string> _listen = new("--listen") { Description = "UDP address to listen on (port 0: any free port)", DefaultValueFactory = _ => DefaultListen };
    private readonly Option<string?> _root = new("--root") { Description = "directory to serve (default: the built-in demo site)" };
    private readonly Option<string?> _cert = new("--cert") { Description = "certificate chain PEM (default: a generated self-signed certificate)" };
    private readonly Option<string?> _key = new("--key") { Description = "private key PEM for --cert" };
    private readonly Option<string> _serveAlpn = new("--alpn") { Description = "comma-separated ALPN protocols to offer (h3, hq-interop)", DefaultValueFactory = _ => DefaultServeAlpn };
    private readonly Option<bool> _retry = new("--retry") { Description = "validate client addresses with a Retry packet" };
    private readonly Option<string?> _serveQlog = new("--qlog-dir") { Description = "write qlog files to this directory" };

    // get
    private readonly Option<bool> _insecure = new("--insecure") { Description = "do not verify the server certificate" };
    private readonly Option<string?> _ca = new("--ca") { Description = "trust these CA certificates (PEM) instead of the system store" };
    private readonly Option<string> _getAlpn = new("--alpn") { Description = "ALPN protocol: h3 or hq-interop", DefaultValueFactory = _ => H3 };
    private readonly Option<string> _outputDir = new("--output-dir") { Description = "directory for downloaded files", DefaultValueFactory = _ => "." };
    private readonly Option<string> _quicVersion = new("--quic-version") { Description = "QUIC version: 1 or 2", DefaultValueFactory = _ => "1" };
    private readonly Option<string?> _cipher = new("--cipher") { Description = "TLS cipher suite: aes128gcm, aes256gcm or chacha20" };
    private readonly Option<string?> _sessionFile = new("--session-file") { Description = "load and store a TLS session ticket here" };
    private readonly Option<bool> _zeroRtt = new("--zero-rtt") { Description = "send requests as 0-RTT data when resuming" };
    private readonly Option<bool> _keyUpdate = new("--key-update") { Description = "initiate a key update during the transfer" };
    private readonly Option<string?> _getQlog = new("--qlog-dir") { Description = "write qlog files to this directory" };
    private readonly Argument<string[]> _urls = new("URL") { Description = "https:// URLs to fetch", Arity = ArgumentArity.OneOrMore };

    public Commands()
    {
        _quicVersion.AcceptOnlyFromAmong("1", "2");
        _cipher.AcceptOnlyFromAmong("aes128gcm", "aes256gcm", "chacha20");
        _getAlpn.AcceptOnlyFromAmong(H3, HqInterop);
        Serve = new Command("serve", "Serve a directory over QUIC: HTTP/3 (h3) and hq-interop (HTTP/0.9 over QUIC)")
        {
            _listen, _root, _cert, _key, _serveAlpn, _retry, _serveQlog,
        };
        Get = new Command("get", "Fetch URLs over one QUIC connection per host and save them")
        {
            _insecure, _ca, _getAlpn, _outputDir, _quicVersion, _cipher, _sessionFile, _zeroRtt, _keyUpdate, _getQlog, _urls,
        };
        Root = new RootCommand("ActorQuic: QUIC as an Akka.NET actor system") { Serve, Get };
    }

    public RootCommand Root { get; }
    public Command Serve { get; }
    public Command Get { get; }

    public ServeSettings ReadServe(ParseResult parse)
    {
        var listen = ListenAddress.Parse(parse.GetValue(_listen) ?? DefaultListen);
        string? root = parse.GetValue(_root);
        if (root is not null && !Directory.Exists(root)) throw new UsageException($"--root '{root}': no such directory");
        string? cert = parse.GetValue(_cert), key = parse.GetValue(_key);
        if ((cert is null) != (key is null)) throw new UsageException("--cert and --key must be given together");

        var alpn = new List<string>();
        foreach (string part in (parse.GetValue(_serveAlpn) ?? DefaultServeAlpn).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part != H3 && part != HqInterop) throw new UsageException($"--alpn: unknown protocol '{part}' (expected h3 or hq-interop)");
            if (!alpn.Contains(part)) alpn.Add(part);
        }
        if (alpn.Count == 0) throw new UsageException("--alpn: at least one protocol is required");
        string? qlog = QlogDirectory(parse.GetValue(_serveQlog));
        return new ServeSettings(listen, root, cert, key, alpn, parse.GetValue(_retry), qlog);
    }

    public GetSettings ReadGet(ParseResult parse)
    {
        bool insecure = parse.GetValue(_insecure);
        string? ca = parse.GetValue(_ca);
        if (insecure && ca is not null) throw new UsageException("--insecure and --ca exclude each other");
        string alpn = parse.GetValue(_getAlpn) ?? H3;
        string? sessionFile = parse.GetValue(_sessionFile);
        bool zeroRtt = parse.GetValue(_zeroRtt);
        if (zeroRtt && sessionFile is null) throw new UsageException("--zero-rtt needs --session-file (0-RTT resumes a stored session)");
        if (sessionFile is not null)
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(sessionFile));
            if (directory is not null && !Directory.Exists(directory))
                throw new UsageException($"--session-file '{sessionFile}': no such directory '{directory}'");
            if (Directory.Exists(sessionFile)) throw new UsageException($"--session-file '{sessionFile}' is a directory");
        }

        var targets = new List<DownloadTarget>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string url in parse.GetValue(_urls) ?? [])
        {
            var target = DownloadTarget.Parse(url);
            if (!names.Add(target.FileName)) throw new UsageException($"two URLs would both be saved as '{target.FileName}'");
            targets.Add(target);
        }
        string outputDir = parse.GetValue(_outputDir) ?? ".";
        string? roots = null;
        if (ca is not null)
        {
            Tls.PemFile.ReadCertificates("--ca", ca); // validated here, so a bad file is a usage error
            roots = Tls.PemFile.ReadText("--ca", ca);
        }
        if (!Directory.Exists(outputDir)) throw new UsageException($"--output-dir '{outputDir}': no such directory");
        string? qlog = QlogDirectory(parse.GetValue(_getQlog));
        return new GetSettings(insecure, roots, alpn, outputDir, parse.GetValue(_quicVersion) == "2" ? 2 : 1,
            parse.GetValue(_cipher), sessionFile, zeroRtt, parse.GetValue(_keyUpdate), qlog, targets);
    }

    /// <summary>
    /// --qlog-dir: created when missing and checked writable now, so a bad directory is one usage
    /// error up front instead of a warning per connection later.
    /// </summary>
    private static string? QlogDirectory(string? path)
    {
        if (path is null) return null;
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException("--qlog-dir: name a directory");
        try
        {
            var directory = Directory.CreateDirectory(path);
            string probe = Path.Combine(directory.FullName, $".actorquic-qlog-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return directory.FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--qlog-dir '{path}': cannot write qlog files there ({HostText.OneLine(e.Message)})");
        }
    }
}
