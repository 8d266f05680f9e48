using System.Net;
using System.Text.Json;

namespace ActorQuic.Streams.Tests;

/// <summary>
/// <see cref="QuicConnectionOptions.QlogDirectory"/> end to end: a real connection over UDP on
/// loopback with qlog on at both ends, then both files read back as qvis reads them.
/// </summary>
public sealed class QlogSpec : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("actorquic-qlog-").FullName;

    public QlogSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public async Task Both_ends_write_a_parseable_qlog_whose_received_packets_were_sent_by_the_other()
    {
        string serverDirectory = Path.Combine(_directory, "server");
        string clientDirectory = Path.Combine(_directory, "client", "not", "yet"); // created on demand
        await using var pair = QuicPair.Udp(Sys, IPAddress.Loopback, server => server.QlogDirectory = serverDirectory);
        var options = pair.ClientOptions();
        options.QlogDirectory = clientDirectory;
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        byte[] data = QuicPair.Payload(11, 256 * 1024);
        Assert.Equal(data, await pair.EchoAsync(connection, data).WaitAsync(Patience));
        Assert.Equal(0, (await connection.CloseAsync(0, "done").WaitAsync(Patience)).ErrorCode);

        // One file per end, named after the same ODCID; complete once each connection actor stopped.
        var server = await ReadWhenClosedAsync(serverDirectory, "_server.sqlog");
        var client = await ReadWhenClosedAsync(clientDirectory, "_client.sqlog");
        Assert.Equal(server.Odcid, client.Odcid);
        Assert.Equal("server", server.VantagePoint);
        Assert.Equal("client", client.VantagePoint);

        foreach (var log in new[] { server, client })
        {
            foreach (string name in new[] { "connectivity:connection_started", "connectivity:connection_closed", "security:key_updated",
                         "recovery:metrics_updated" })
                Assert.Contains(name, log.Names);
            Assert.Equal(2, log.Names.Count(n => n == "transport:parameters_set"));
            foreach (string type in new[] { "initial", "handshake", "1RTT" })
            {
                Assert.Contains(log.Sent, p => p.Type == type);
                Assert.Contains(log.Received, p => p.Type == type);
            }
        }
        // Every packet one end logged as received, the other logged as sent: the receiver cannot
        // have more than the sender allowed (loss may make it fewer).
        Assert.True(client.Received.Count <= server.Sent.Count, $"client received {client.Received.Count}, server sent {server.Sent.Count}");
        Assert.True(server.Received.Count <= client.Sent.Count, $"server received {server.Received.Count}, client sent {client.Sent.Count}");
        Assert.Subset(server.Sent.ToHashSet(), client.Received.ToHashSet());
        Assert.Subset(client.Sent.ToHashSet(), server.Received.ToHashSet());
        // The echoed bytes are all in STREAM frames both ways (retransmissions may add more).
        Assert.True(client.StreamBytesSent >= data.Length);
        Assert.True(server.StreamBytesSent >= data.Length);
    }

    [Fact]
    public async Task Without_a_qlog_directory_nothing_is_written()
    {
        await using var pair = QuicPair.Udp(Sys, IPAddress.Loopback);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        Assert.Equal(new byte[] { 1, 2, 3 }, await pair.EchoAsync(connection, [1, 2, 3]).WaitAsync(Patience));
        await connection.CloseAsync(0).WaitAsync(Patience);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task A_qlog_file_that_cannot_be_created_costs_the_connection_nothing()
    {
        // No directory can be made under a regular file: the connection runs without qlog.
        string file = Path.Combine(_directory, "plain.txt");
        await File.WriteAllTextAsync(file, "not a directory");
        await using var pair = QuicPair.Udp(Sys, IPAddress.Loopback, server => server.QlogDirectory = Path.Combine(file, "qlog"));
        var options = pair.ClientOptions();
        options.QlogDirectory = Path.Combine(file, "qlog");
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        byte[] data = QuicPair.Payload(12, 64 * 1024);
        Assert.Equal(data, await pair.EchoAsync(connection, data).WaitAsync(Patience));
        Assert.Equal(0, (await connection.CloseAsync(0).WaitAsync(Patience)).ErrorCode);
        Assert.Equal([file], Directory.EnumerateFileSystemEntries(_directory));
    }

    private sealed record Packet(string Type, long Number);

    private sealed record QlogFile(string Odcid, string VantagePoint, List<string> Names, List<Packet> Sent, List<Packet> Received, long StreamBytesSent);

    /// <summary>
    /// Waits until the writer closed the file: it holds it open with a shared lock, so an
    /// exclusive open succeeds only then (and the content parses and ends with the close).
    /// </summary>
    private static async Task<QlogFile> ReadWhenClosedAsync(string directory, string suffix)
    {
        var deadline = DateTime.UtcNow + Patience;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            string? path = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*" + suffix).SingleOrDefault() : null;
            if (path is not null)
            {
                try
                {
                    byte[] bytes;
                    using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None))
                    {
                        bytes = new byte[file.Length];
                        file.ReadExactly(bytes);
                    }
                    var parsed = Parse(bytes);
                    Assert.Equal(Path.GetFileName(path), parsed.Odcid + suffix);
                    if (parsed.Names.Contains("connectivity:connection_closed")) return parsed;
                }
                catch (Exception e) when (e is IOException or JsonException)
                {
                    last = e; // still open, or the last record not flushed yet
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no complete *{suffix} in {directory}: {last?.Message}");
    }

    /// <summary>As qvis: split on RS (0x1E), one JSON object per record, the header first.</summary>
    private static QlogFile Parse(byte[] bytes)
    {
        Assert.Equal(0x1E, bytes[0]);
        if (bytes[^1] != '\n') throw new JsonException("the last record is not complete");
        var records = new List<JsonElement>();
        foreach (var record in System.Text.Encoding.UTF8.GetString(bytes).Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.EndsWith("\n", record);
            using var doc = JsonDocument.Parse(record);
            records.Add(doc.RootElement.Clone());
        }
        var header = records[0];
        Assert.Equal("0.3", header.GetProperty("qlog_version").GetString());
        Assert.Equal("JSON-SEQ", header.GetProperty("qlog_format").GetString());
        var trace = header.GetProperty("trace");
        var names = new List<string>();
        var sent = new List<Packet>();
        var received = new List<Packet>();
        long streamBytes = 0;
        double previous = 0;
        foreach (var e in records.Skip(1))
        {
            double time = e.GetProperty("time").GetDouble();
            Assert.True(time >= previous, "events are in time order");
            previous = time;
            string name = e.GetProperty("name").GetString()!;
            names.Add(name);
            var data = e.GetProperty("data");
            if (name is not ("transport:packet_sent" or "transport:packet_received")) continue;
            var h = data.GetProperty("header");
            var packet = new Packet(h.GetProperty("packet_type").GetString()!, h.GetProperty("packet_number").GetInt64());
            Assert.True(data.GetProperty("raw").GetProperty("length").GetInt32() > 0);
            var frames = data.GetProperty("frames").EnumerateArray().ToList();
            Assert.NotEmpty(frames);
            Assert.All(frames, f => Assert.False(string.IsNullOrEmpty(f.GetProperty("frame_type").GetString())));
            if (name == "transport:packet_sent")
            {
                sent.Add(packet);
                streamBytes += frames.Where(f => f.GetProperty("frame_type").GetString() == "stream").Sum(f => f.GetProperty("length").GetInt64());
            }
            else
            {
                received.Add(packet);
            }
        }
        return new QlogFile(trace.GetProperty("common_fields").GetProperty("ODCID").GetString()!,
            trace.GetProperty("vantage_point").GetProperty("type").GetString()!, names, sent, received, streamBytes);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
