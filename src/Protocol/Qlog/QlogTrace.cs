using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Qlog;

/// <summary>
/// One connection's qlog file: a JSON Text Sequence (RFC 7464) of records, each an RS (0x1E),
/// one JSON object and a line feed. The first record is the header (qlog_format "JSON-SEQ",
/// qlog_version "0.3", one trace with vantage point and common fields); every later record is
/// one event <c>{"time":…,"name":"category:type","data":{…}}</c>. Events are built by
/// per-actor <see cref="QlogWriter"/>s and appended here under a lock, so the connection's
/// actors can log concurrently; the file is written through the caller's (buffered) stream.
/// </summary>
/// <remarks>
/// <para>Why qlog 0.3 and not the newer drafts in /work/shared/specs: qvis
/// (https://qvis.quictools.info) only loads files whose header has a qlog_version it knows
/// ("draft-02" or "0.3") and qlog_format "JSON-SEQ", and it only recognises the 0.3 event names
/// (<c>transport:packet_sent</c>, <c>recovery:metrics_updated</c>, …). The later drafts rename the
/// header fields (file_schema, serialization_format) and the events (<c>quic:packet_sent</c>);
/// qvis opens neither. The field names inside events — time, name, data, header, packet_type,
/// packet_number, frames, frame_type, raw.length — are the same in both.</para>
/// <para>Times are milliseconds relative to the connection start (common_fields time_format
/// "relative", reference_time in ms since the Unix epoch). qvis expects events in time order:
/// a record's time is raised to the last one written, since actors log from their own threads.</para>
/// <para>A write error (full disk, ...) stops tracing and is kept in <see cref="Error"/>: qlog
/// never fails the connection it observes.</para>
/// </remarks>
public sealed class QlogTrace : IDisposable
{
    /// <summary>The qlog version of the header; see the remarks for why 0.3.</summary>
    public const string Version = "0.3";

    /// <summary>The serialization the header names (qlog 0.3 §"qlog_format").</summary>
    public const string Format = "JSON-SEQ";

    /// <summary>RFC 7464 §2.1: every record starts with the ASCII Record Separator.</summary>
    public const byte RecordSeparator = 0x1E;

    private const int HeaderBufferSize = 512;

    private readonly Stream _stream;
    private readonly Lock _lock = new();
    private readonly byte[] _timeScratch = new byte[32];
    private double _lastTimeMs;
    private long _eventCount;
    private bool _closed;
    private int _peerAckDelayExponent = Transport.TransportParameters.DefaultAckDelayExponent;

    /// <summary>Writes the header record to <paramref name="stream"/>, which this trace then owns.</summary>
    /// <param name="stream">Where the records go; disposed with the trace.</param>
    /// <param name="isServer">The vantage point: server or client.</param>
    /// <param name="originalDestinationConnectionId">The ODCID: the group_id and ODCID common fields (qlog 0.3 §3.4.5).</param>
    /// <param name="referenceTime">The wall-clock time of the connection start; event times count from it.</param>
    /// <param name="vantagePointName">The vantage point's name, e.g. the implementation.</param>
    public QlogTrace(Stream stream, bool isServer, ConnectionId originalDestinationConnectionId, DateTimeOffset referenceTime,
        string vantagePointName = "actorquic")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(vantagePointName);
        _stream = stream;
        IsServer = isServer;
        OriginalDestinationConnectionId = originalDestinationConnectionId;
        ReferenceTime = referenceTime;

        var buffer = new ArrayBufferWriter<byte>(HeaderBufferSize);
        using (var json = new Utf8JsonWriter(buffer))
        {
            string odcid = Convert.ToHexStringLower(originalDestinationConnectionId.Span);
            string role = isServer ? "server" : "client";
            json.WriteStartObject();
            json.WriteString("qlog_format"u8, Format);
            json.WriteString("qlog_version"u8, Version);
            json.WriteString("title"u8, $"{vantagePointName} {role} {odcid}");
            json.WriteStartObject("trace"u8);
            json.WriteString("title"u8, $"{role} {odcid}");
            json.WriteStartObject("vantage_point"u8);
            json.WriteString("name"u8, vantagePointName);
            json.WriteString("type"u8, role);
            json.WriteEndObject();
            json.WriteStartObject("common_fields"u8);
            json.WriteString("ODCID"u8, odcid);
            json.WriteString("group_id"u8, odcid);
            json.WriteStartArray("protocol_type"u8);
            json.WriteStringValue("QUIC"u8);
            json.WriteEndArray();
            json.WriteString("time_format"u8, "relative"u8);
            json.WriteNumber("reference_time"u8, referenceTime.ToUnixTimeMilliseconds());
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        WriteRecord(buffer.WrittenSpan);
    }

    public bool IsServer { get; }

    public ConnectionId OriginalDestinationConnectionId { get; }

    public DateTimeOffset ReferenceTime { get; }

    /// <summary>Events appended so far (the header not counted).</summary>
    public long EventCount => Interlocked.Read(ref _eventCount);

    /// <summary>The write error that stopped tracing, if any.</summary>
    public Exception? Error { get; private set; }

    /// <summary>
    /// The peer's ack_delay_exponent (RFC 9000 §18.2), to show the ACK Delay of received ACK
    /// frames in milliseconds; 3 until the peer's transport parameters are logged.
    /// </summary>
    public int PeerAckDelayExponent
    {
        get => Volatile.Read(ref _peerAckDelayExponent);
        set => Volatile.Write(ref _peerAckDelayExponent, value);
    }

    /// <summary>Our ack_delay_exponent, for the ACK frames we send.</summary>
    public int LocalAckDelayExponent { get; init; } = Transport.TransportParameters.DefaultAckDelayExponent;

    /// <summary>The file name qlog suggests (quic-events 0.3 §3): <c>&lt;odcid-hex&gt;_&lt;server|client&gt;.sqlog</c>.</summary>
    public static string FileName(ConnectionId originalDestinationConnectionId, bool isServer) =>
        $"{Convert.ToHexStringLower(originalDestinationConnectionId.Span)}_{(isServer ? "server" : "client")}.sqlog";

    /// <summary>
    /// Appends one event: <paramref name="eventObject"/> is a JSON object without "time", which
    /// goes in first. Does nothing once closed or after a write error.
    /// </summary>
    internal void Append(TimeSpan time, ReadOnlySpan<byte> eventObject)
    {
        lock (_lock)
        {
            if (_closed) return;
            double ms = Math.Max(time.Ticks / (double)TimeSpan.TicksPerMillisecond, _lastTimeMs);
            _lastTimeMs = ms;
            try
            {
                _stream.WriteByte(RecordSeparator);
                _stream.Write("{\"time\":"u8);
                // Microsecond resolution; invariant culture so the decimal point is a '.'.
                ms.TryFormat(_timeScratch, out int written, "0.###", CultureInfo.InvariantCulture);
                _stream.Write(_timeScratch.AsSpan(0, written));
                if (eventObject.Length > 2)
                {
                    _stream.WriteByte((byte)',');
                    _stream.Write(eventObject[1..]);
                }
                else
                {
                    _stream.WriteByte((byte)'}');
                }
                _stream.WriteByte((byte)'\n');
                _eventCount++;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
                Fail(e);
            }
        }
    }

    /// <summary>Flushes and closes the stream; later events are ignored.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_closed) Close();
        }
    }

    private void WriteRecord(ReadOnlySpan<byte> json)
    {
        lock (_lock)
        {
            try
            {
                _stream.WriteByte(RecordSeparator);
                _stream.Write(json);
                _stream.WriteByte((byte)'\n');
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
                Fail(e);
            }
        }
    }

    /// <summary>Under the lock: stop tracing after a write error, releasing the file.</summary>
    private void Fail(Exception error)
    {
        Error ??= error;
        Close();
    }

    /// <summary>Under the lock: no more events; the stream is flushed and released. The first error is the one kept.</summary>
    private void Close()
    {
        _closed = true;
        try
        {
            _stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            Error ??= e;
        }
    }
}
