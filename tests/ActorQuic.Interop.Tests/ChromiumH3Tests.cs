using Xunit.Abstractions;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// Headless Chromium loads the built-in demo site (index.html, a stylesheet, three images) from the
/// built <c>actorquic serve</c> with no options (generated certificate, default ALPNs) using
/// chromium-h3.sh's flags: QUIC forced for the origin (no TCP server to advertise Alt-Svc), the
/// certificate allowed by the SPKI pin serve prints, no DNS. The netlog must show every resource
/// fetched over HTTP/3 with status 200.
/// </summary>
[Collection(CliInteropCollection.Name)]
public sealed class ChromiumH3Tests
{
    private static readonly string[] DemoResources = ["/index.html", "/style.css", "/images/logo.svg", "/images/gradient.png", "/images/checker.png"];

    private readonly CliInteropContent _content;
    private readonly ITestOutputHelper _output;

    public ChromiumH3Tests(CliInteropContent content, ITestOutputHelper output)
    {
        _content = content;
        _output = output;
    }

    [ChromiumFact]
    public async Task Chromium_loads_the_demo_site_over_h3_every_resource_200()
    {
        using var serve = ActorQuicProgram.Start(300, "serve", "--listen", "127.0.0.1:0");
        string profile = Path.Combine(_content.Base, "chromium-profile");
        string netlog = Path.Combine(_content.Base, "netlog.json");
        try
        {
            int port = await CliServeNgtcpClientTests.WaitForListeningPortAsync(serve);
            string pin = await PinAsync(serve);
            string origin = $"127.0.0.1:{port}";
            string url = $"https://{origin}/index.html";
            using var chromium = new BoundedProcess("timeout", ["90", ChromiumFactAttribute.Program,
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                "--enable-quic", $"--origin-to-force-quic-on={origin}",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", // nothing resolves: no traffic leaves loopback
                $"--ignore-certificate-errors-spki-list={pin}",
                $"--log-net-log={netlog}", "--net-log-capture-mode=Everything",
                "--dump-dom", url]);
            int? exit = await chromium.WaitAsync(TimeSpan.FromSeconds(100));
            _output.WriteLine($"chromium exit {exit}");
            Assert.True(exit == 0, $"chromium exit {exit}:\n{chromium.Output}\nserve:\n{serve.Output}");
            // --dump-dom prints the DOM after the load event, i.e. after the images.
            Assert.Contains("ActorQuic demo site", chromium.Output);

            var log = ChromiumNetLog.Load(netlog);
            foreach (var request in log.Requests) _output.WriteLine($"{request.Url} h3={request.OverHttp3} status={request.Status}");
            Assert.True(log.QuicSessions >= 1, "no QUIC_SESSION in the netlog");
            foreach (string path in DemoResources)
            {
                var request = Assert.Single(log.Requests, r => r.Url == $"https://{origin}{path}");
                Assert.True(request.OverHttp3, $"{path} was not fetched over HTTP/3");
                Assert.Equal(200, request.Status);
            }
            // Whatever else the browser asked for (e.g. /favicon.ico) went over HTTP/3 too.
            Assert.All(log.Requests.Where(r => r.Url.StartsWith($"https://{origin}/", StringComparison.Ordinal)),
                r => Assert.True(r.OverHttp3, $"{r.Url} was not fetched over HTTP/3"));
        }
        finally
        {
            serve.Kill();
            _output.WriteLine($"actorquic serve output:\n{serve.Output}");
        }
    }

    /// <summary>serve prints "spki sha256/BASE64" for its generated certificate; Chromium wants the BASE64.</summary>
    private static async Task<string> PinAsync(BoundedProcess serve)
    {
        const string Prefix = "spki sha256/";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (string line in serve.Output.Split('\n'))
            {
                if (line.StartsWith(Prefix, StringComparison.Ordinal)) return line.Trim()[Prefix.Length..];
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"actorquic serve printed no '{Prefix}' line:\n{serve.Output}");
    }
}
