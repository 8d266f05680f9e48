using ActorQuic.Host.Cli;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Host.Tests;

/// <summary>Every bad command line ends with exactly one stderr line and a non-zero exit, never a stack trace.</summary>
public sealed class CommandLineErrorTests : IDisposable
{
    private const string Url = "https://127.0.0.1:4433/hello.txt";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void AssertOneErrorLine(HostRun run, string expectedFragment)
    {
        Assert.NotEqual(0, run.ExitCode);
        var lines = run.StderrLines;
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{run.Stderr}");
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.StartsWith("actorquic: ", lines[0]);
        Assert.Contains(expectedFragment, lines[0], StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("serve --bogus", "--bogus")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("serve --listen nonsense", "--listen")]
    [InlineData("serve --listen 127.0.0.1", "--listen")]
    [InlineData("serve --listen 127.0.0.1:99999", "--listen")]
    [InlineData("serve --listen localhost:http", "--listen")]
    [InlineData("serve --alpn h3,spdy", "spdy")]
    [InlineData("serve --alpn ,", "at least one protocol")]
    [InlineData("serve --alpn spdy", "spdy")]
    [InlineData("serve --root /nonexistent/actorquic-root", "--root")]
    [InlineData("get", "URL")]
    [InlineData("get not-a-url", "bad URL 'not-a-url'")]
    [InlineData("get http://127.0.0.1/x", "bad URL")]
    [InlineData("get https:///nohost", "bad URL")]
    [InlineData("get https://127.0.0.1:4433/..%2F..%2Fetc%2Fpasswd", "cannot be used as a file name")]
    [InlineData("get --zero-rtt " + Url, "--zero-rtt needs --session-file")]
    [InlineData("get --session-file /nonexistent/dir/s.pem " + Url, "--session-file '/nonexistent/dir/s.pem': no such directory")]
    [InlineData("get --session-file /tmp " + Url, "is a directory")]
    [InlineData("get --alpn h3,hq-interop " + Url, "h3,hq-interop")]
    [InlineData("get --alpn spdy " + Url, "spdy")]
    [InlineData("get --quic-version 3 " + Url, "3")]
    [InlineData("get --cipher rc4 " + Url, "rc4")]
    [InlineData("get --ca /nonexistent/ca.pem " + Url, "--ca '/nonexistent/ca.pem': no such file")]
    [InlineData("get --output-dir /nonexistent/out " + Url, "--output-dir")]
    [InlineData("get https://127.0.0.1/a/x.txt https://127.0.0.1/b/x.txt", "x.txt")]
    public async Task Bad_command_line_gives_one_error_line(string commandLine, string expectedFragment)
    {
        var run = await HostRun.RunAsync(commandLine.Split(' '));
        AssertOneErrorLine(run, expectedFragment);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("get")]
    public async Task Unwritable_qlog_dir_is_one_error_line_and_usage_exit(string command)
    {
        // Under a regular file no directory can be made, whoever runs the test (root included).
        string file = _temp.Write("plain.txt", "not a directory");
        string[] args = command == "serve"
            ? ["serve", "--listen", "127.0.0.1:0", "--qlog-dir", Path.Combine(file, "qlog")]
            : ["get", "--insecure", "--qlog-dir", Path.Combine(file, "qlog"), Url];
        var run = await HostRun.RunAsync(args);
        AssertOneErrorLine(run, $"--qlog-dir '{Path.Combine(file, "qlog")}': cannot write qlog files there");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task No_command_is_an_error()
    {
        var run = await HostRun.RunAsync();
        AssertOneErrorLine(run, "command");
    }

    [Fact]
    public async Task A_bad_option_combination_exits_with_usage_code()
    {
        var run = await HostRun.RunAsync("get", "--zero-rtt", Url);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("actorquic: --zero-rtt needs --session-file (0-RTT resumes a stored session)", run.StderrLines.Single());
    }

    [Fact]
    public async Task A_session_file_that_is_not_ours_is_one_error_line()
    {
        string path = _temp.File("garbage.pem");
        File.WriteAllText(path, "-----BEGIN ACTORQUIC SESSION TICKET-----\nAAAA\n-----END ACTORQUIC SESSION TICKET-----\n");
        var run = await HostRun.RunAsync("get", "--session-file", path, Url);
        AssertOneErrorLine(run, "not a session ticket of ours");
        Assert.Equal(2, run.ExitCode);
        File.WriteAllText(path, "hello");
        AssertOneErrorLine(await HostRun.RunAsync("get", "--session-file", path, Url), "not a session ticket of ours");
    }

    [Fact]
    public async Task Missing_pem_files()
    {
        var run = await HostRun.RunAsync("serve", "--cert", _temp.File("missing.pem"), "--key", _temp.File("missing.key"));
        AssertOneErrorLine(run, "--cert");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Cert_without_key()
    {
        var dev = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var run = await HostRun.RunAsync("serve", "--cert", _temp.Write("cert.pem", dev.CertificatePem));
        AssertOneErrorLine(run, "--cert and --key must be given together");
    }

    [Theory]
    [InlineData("not a pem at all\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("")]
    public async Task Garbage_certificate_pem(string garbage)
    {
        var dev = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var run = await HostRun.RunAsync("serve", "--cert", _temp.Write("cert.pem", garbage), "--key", _temp.Write("key.pem", dev.PrivateKeyPem));
        AssertOneErrorLine(run, "cert.pem");
    }

    [Theory]
    [InlineData("not a key\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\nAAAAAAAA\n-----END EC PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAAAAA\n-----END OPENSSH PRIVATE KEY-----\n")]
    public async Task Garbage_key_pem(string garbage)
    {
        var dev = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var run = await HostRun.RunAsync("serve", "--cert", _temp.Write("cert.pem", dev.CertificatePem), "--key", _temp.Write("key.pem", garbage));
        AssertOneErrorLine(run, "key.pem");
    }

    [Fact]
    public async Task Key_of_another_certificate()
    {
        var one = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var other = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var run = await HostRun.RunAsync("serve", "--cert", _temp.Write("cert.pem", one.CertificatePem), "--key", _temp.Write("key.pem", other.PrivateKeyPem));
        AssertOneErrorLine(run, "does not match");
    }

    [Theory]
    [InlineData("garbage\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n")]
    public async Task Garbage_ca_pem(string garbage)
    {
        var run = await HostRun.RunAsync("get", "--ca", _temp.Write("ca.pem", garbage), Url);
        AssertOneErrorLine(run, "ca.pem");
    }

    [Fact]
    public async Task Insecure_and_ca_exclude_each_other()
    {
        var dev = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var run = await HostRun.RunAsync("get", "--insecure", "--ca", _temp.Write("ca.pem", dev.CertificatePem), Url);
        AssertOneErrorLine(run, "--insecure and --ca");
    }

    [Fact]
    public async Task Help_goes_to_stdout_and_exits_zero()
    {
        var run = await HostRun.RunAsync("get", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--insecure", run.Stdout);
        Assert.Contains("--quic-version", run.Stdout);
        Assert.Equal("", run.Stderr);
    }
}
