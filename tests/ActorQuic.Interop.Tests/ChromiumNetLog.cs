using System.Text.Json;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// What a Chromium netlog (<c>--log-net-log --net-log-capture-mode=Everything</c>) says about each
/// URL request: whether its transaction sent its headers over QUIC (HTTP/3) and the response status.
/// Event type numbers are resolved through the log's own <c>constants.logEventTypes</c>.
/// </summary>
public sealed class ChromiumNetLog
{
    /// <summary>One URL_REQUEST: the URL, whether headers went out over QUIC, the response status (0 = none seen).</summary>
    public sealed record Request(string Url, bool OverHttp3, int Status);

    private ChromiumNetLog(IReadOnlyList<Request> requests, int quicSessions)
    {
        Requests = requests;
        QuicSessions = quicSessions;
    }

    public IReadOnlyList<Request> Requests { get; }

    public int QuicSessions { get; }

    public static ChromiumNetLog Load(string path)
    {
        string text = File.ReadAllText(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            // A browser that was killed leaves the events array open: close it.
            document = JsonDocument.Parse(text.TrimEnd().TrimEnd(',') + "]}");
        }
        using (document)
        {
            var root = document.RootElement;
            var names = new Dictionary<int, string>();
            foreach (var type in root.GetProperty("constants").GetProperty("logEventTypes").EnumerateObject())
                names[type.Value.GetInt32()] = type.Name;

            var urls = new Dictionary<long, string>();
            var h3 = new HashSet<long>();
            var status = new Dictionary<long, int>();
            int sessions = 0;
            foreach (var e in root.GetProperty("events").EnumerateArray())
            {
                string name = names.GetValueOrDefault(e.GetProperty("type").GetInt32(), "");
                long source = e.GetProperty("source").GetProperty("id").GetInt64();
                int phase = e.TryGetProperty("phase", out var p) ? p.GetInt32() : 0;
                bool hasParams = e.TryGetProperty("params", out var parameters);
                switch (name)
                {
                    case "URL_REQUEST_START_JOB" when phase == 1 && hasParams && parameters.TryGetProperty("url", out var url):
                        urls.TryAdd(source, url.GetString() ?? "");
                        break;
                    case "HTTP_TRANSACTION_QUIC_SEND_REQUEST_HEADERS":
                        h3.Add(source);
                        break;
                    case "HTTP_TRANSACTION_READ_RESPONSE_HEADERS" when hasParams && parameters.TryGetProperty("headers", out var headers):
                        // The first "header" is the status line, e.g. "HTTP/1.1 200" (Chromium's rendering of :status).
                        string line = headers.EnumerateArray().FirstOrDefault().GetString() ?? "";
                        string[] parts = line.Split(' ');
                        if (parts.Length > 1 && int.TryParse(parts[1], out int code)) status[source] = code;
                        break;
                    case "QUIC_SESSION" when phase == 1:
                        sessions++;
                        break;
                }
            }
            var requests = new List<Request>();
            foreach (var (source, url) in urls)
                requests.Add(new Request(url, h3.Contains(source), status.GetValueOrDefault(source)));
            return new ChromiumNetLog(requests, sessions);
        }
    }
}
