using System.Text.Json;

namespace ActorQuic.Protocol.Tests.Qlog;

/// <summary>
/// Reads a qlog JSON-SEQ file the way qvis does (split on RS, parse each record) and checks the
/// RFC 7464 framing on the way: the file starts with RS and every record ends with a line feed.
/// </summary>
internal sealed class QlogRecords
{
    private QlogRecords(JsonElement header, List<JsonElement> events)
    {
        Header = header;
        Events = events;
    }

    public JsonElement Header { get; }

    public List<JsonElement> Events { get; }

    public IEnumerable<JsonElement> Named(string name) => Events.Where(e => e.GetProperty("name").GetString() == name);

    public static QlogRecords Parse(byte[] file)
    {
        Assert.NotEmpty(file);
        Assert.Equal(0x1E, file[0]);
        Assert.Equal((byte)'\n', file[^1]);
        var records = new List<JsonElement>();
        int start = 1;
        while (start <= file.Length)
        {
            int end = Array.IndexOf(file, (byte)0x1E, start);
            if (end < 0) end = file.Length;
            var record = file.AsSpan(start, end - start);
            Assert.True(record.Length > 1 && record[^1] == (byte)'\n', "every record ends with a line feed");
            using var doc = JsonDocument.Parse(record.ToArray());
            records.Add(doc.RootElement.Clone());
            start = end + 1;
        }
        var header = records[0];
        var events = records.Skip(1).ToList();
        foreach (var e in events)
        {
            // main schema 0.3 §3.4: every event has exactly time, name and data here.
            Assert.Equal(JsonValueKind.Number, e.GetProperty("time").ValueKind);
            Assert.Contains(':', e.GetProperty("name").GetString() ?? "");
            Assert.Equal(JsonValueKind.Object, e.GetProperty("data").ValueKind);
            Assert.Equal(3, e.EnumerateObject().Count());
        }
        return new QlogRecords(header, events);
    }
}
