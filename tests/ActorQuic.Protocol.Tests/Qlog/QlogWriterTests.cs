using System.Text.Json;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Tests.Receive;
using ActorQuic.Protocol.Tests.Send;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Qlog;

/// <summary>
/// The qlog writer against qlog 0.3 (draft-ietf-quic-qlog-main-schema 0.3, quic-events-03), the
/// version qvis loads: every file is parsed back record by record and the fields checked by name and type.
/// </summary>
public class QlogWriterTests
{
    private static readonly ConnectionId Odcid = ConnectionId.FromHex("8394c8f03e515708");
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static (QlogTrace Trace, MemoryStream File) NewTrace(bool isServer = true)
    {
        var file = new MemoryStream();
        return (new QlogTrace(file, isServer, Odcid, Start), file);
    }

    /// <summary>Closes the trace and parses what it wrote (MemoryStream.ToArray works after disposal).</summary>
    private static QlogRecords Close(QlogTrace trace, MemoryStream file)
    {
        trace.Dispose();
        return QlogRecords.Parse(file.ToArray());
    }

    private static JsonElement Data(JsonElement e) => e.GetProperty("data");

    [Theory]
    [InlineData(true, "server")]
    [InlineData(false, "client")]
    public void Header_is_the_qlog_0_3_json_seq_record_qvis_loads(bool isServer, string role)
    {
        var (trace, file) = NewTrace(isServer);
        var records = Close(trace, file);

        var h = records.Header;
        // qvis: header.qlog_version known ("0.3"), qlog_format === "JSON-SEQ", header.trace present.
        Assert.Equal("0.3", h.GetProperty("qlog_version").GetString());
        Assert.Equal("JSON-SEQ", h.GetProperty("qlog_format").GetString());
        var t = h.GetProperty("trace");
        Assert.Equal(role, t.GetProperty("vantage_point").GetProperty("type").GetString());
        var common = t.GetProperty("common_fields");
        Assert.Equal("8394c8f03e515708", common.GetProperty("ODCID").GetString());
        Assert.Equal("8394c8f03e515708", common.GetProperty("group_id").GetString());
        Assert.Equal("relative", common.GetProperty("time_format").GetString());
        Assert.Equal(Start.ToUnixTimeMilliseconds(), common.GetProperty("reference_time").GetInt64());
        Assert.Equal("QUIC", Assert.Single(common.GetProperty("protocol_type").EnumerateArray()).GetString());
        Assert.Empty(records.Events);
        Assert.Equal($"8394c8f03e515708_{role}.sqlog", QlogTrace.FileName(Odcid, isServer));
    }

    [Fact]
    public void Sent_and_received_packets_log_the_same_headers_and_frames()
    {
        var (trace, file) = NewTrace(isServer: false);
        var senderLog = new QlogWriter(trace);
        var receiverLog = new QlogWriter(trace);

        // A client's assembler sends Initial (CRYPTO) and 1-RTT (two streams, one with FIN) ...
        using var client = new SenderFixture(isServer: false, levels: [EncryptionLevel.Initial, EncryptionLevel.OneRtt]);
        client.Assembler.Qlog = senderLog;
        client.Frames.WriteCrypto(EncryptionLevel.Initial, new byte[300]);
        client.Frames.OpenStream(0, 1 << 20);
        client.Frames.WriteStream(0, new byte[2500], fin: true);
        client.Frames.OpenStream(4, 1 << 20);
        client.Frames.WriteStream(4, new byte[100]);
        var datagrams = client.BuildAll(Ms(1));

        // ... and a server's receiver logs what it authenticates.
        using var receiver = new PacketReceiver(new PacketReceiverOptions { IsServer = true, LocalConnectionIdLength = SenderFixture.Dcid.Length });
        receiver.Qlog = receiverLog;
        var (clientInitial, serverInitial) = InitialSecrets.CreateProtection(QuicVersion.V1, SenderFixture.Dcid.Span);
        serverInitial.Dispose();
        receiver.InstallKeys(EncryptionLevel.Initial, clientInitial);
        var oneRtt = new byte[32];
        for (int i = 0; i < oneRtt.Length; i++) oneRtt[i] = (byte)(0x40 * (int)EncryptionLevel.OneRtt + i);
        receiver.InstallKeys(EncryptionLevel.OneRtt, new PacketProtection(CipherSuite.Aes128GcmSha256, oneRtt, QuicVersion.V1));
        receiver.OnHandshakeCompleted();
        int processed = 0;
        foreach (var datagram in datagrams)
        {
            var handler = new QlogPacketHandler<CountingPacketHandler>(default, receiverLog, Ms(20));
            processed += receiver.Receive(datagram.ToArray(), Ms(20), ref handler).PacketsProcessed;
        }
        // The first datagram again: its packets are duplicates, dropped (RFC 9000 §12.3).
        var again = new QlogPacketHandler<CountingPacketHandler>(default, receiverLog, Ms(30));
        int duplicates = receiver.Receive(datagrams[0].ToArray(), Ms(30), ref again).DroppedDuplicate;
        Assert.True(duplicates >= 1);

        var records = Close(trace, file);
        var sent = records.Named("transport:packet_sent").ToList();
        var received = records.Named("transport:packet_received").ToList();
        Assert.True(sent.Count >= 3, $"{sent.Count} packets");
        Assert.Equal(processed, received.Count);
        Assert.Equal(sent.Count, received.Count);
        for (int i = 0; i < sent.Count; i++)
        {
            var s = Data(sent[i]);
            var r = Data(received[i]);
            Assert.Equal(s.GetProperty("header").GetRawText(), r.GetProperty("header").GetRawText());
            Assert.Equal(s.GetProperty("frames").GetRawText(), r.GetProperty("frames").GetRawText());
            Assert.Equal(s.GetProperty("raw").GetProperty("length").GetInt32(), r.GetProperty("raw").GetProperty("length").GetInt32());
        }

        var initial = Data(sent[0]);
        var header = initial.GetProperty("header");
        Assert.Equal("initial", header.GetProperty("packet_type").GetString());
        Assert.Equal(0, header.GetProperty("packet_number").GetInt32());
        Assert.Equal("8394c8f03e515708", header.GetProperty("dcid").GetString());
        Assert.Equal("c1c2c3c4", header.GetProperty("scid").GetString());
        var crypto = initial.GetProperty("frames")[0];
        Assert.Equal("crypto", crypto.GetProperty("frame_type").GetString());
        Assert.Equal(0, crypto.GetProperty("offset").GetInt32());
        Assert.Equal(300, crypto.GetProperty("length").GetInt32());
        // raw.length is each packet's size on the wire: together, every byte of every datagram.
        Assert.Equal(datagrams.Sum(d => d.Length), sent.Sum(e => Data(e).GetProperty("raw").GetProperty("length").GetInt32()));

        var oneRttHeaders = sent.Skip(1).Select(e => Data(e).GetProperty("header")).ToList();
        Assert.All(oneRttHeaders, h => Assert.Equal("1RTT", h.GetProperty("packet_type").GetString()));
        Assert.All(oneRttHeaders, h => Assert.False(h.TryGetProperty("dcid", out _)));
        var streams = sent.Skip(1).SelectMany(e => Data(e).GetProperty("frames").EnumerateArray())
            .Where(f => f.GetProperty("frame_type").GetString() == "stream").ToList();
        Assert.Equal(2600, streams.Sum(f => f.GetProperty("length").GetInt32()));
        var fin = Assert.Single(streams, f => f.TryGetProperty("fin", out _));
        Assert.True(fin.GetProperty("fin").GetBoolean());
        Assert.Equal(0UL, fin.GetProperty("stream_id").GetUInt64());
        Assert.Equal(2500, fin.GetProperty("offset").GetInt32() + fin.GetProperty("length").GetInt32());

        var drops = records.Named("transport:packet_dropped").Select(Data).ToList();
        Assert.Equal(duplicates, drops.Count);
        Assert.All(drops, d => Assert.Equal("duplicate", d.GetProperty("trigger").GetString()));
        var dropped = drops[0];
        Assert.Equal("initial", dropped.GetProperty("header").GetProperty("packet_type").GetString());
        Assert.Equal(0, dropped.GetProperty("header").GetProperty("packet_number").GetInt32());
    }

    [Fact]
    public void Every_frame_type_is_logged_with_the_draft_field_names()
    {
        var (trace, file) = NewTrace();
        var writer = new QlogWriter(trace);
        var payload = new byte[600];
        var w = new QuicWriter(payload);
        AckFrame.Encode(ref w, [new AckRange(8, 10), new AckRange(3, 5), new AckRange(1, 1)], 100, new EcnCounts(1, 2, 3));
        new ResetStreamFrame(4, 7, 1000).Encode(ref w);
        new StopSendingFrame(8, 9).Encode(ref w);
        new CryptoFrame(50, new byte[20]).Encode(ref w);
        new NewTokenFrame(new byte[12]).Encode(ref w);
        new StreamFrame(12, 300, new byte[40], Fin: true).Encode(ref w);
        new MaxDataFrame(123456).Encode(ref w);
        new MaxStreamDataFrame(12, 6543).Encode(ref w);
        new MaxStreamsFrame(true, 100).Encode(ref w);
        new DataBlockedFrame(777).Encode(ref w);
        new StreamDataBlockedFrame(12, 888).Encode(ref w);
        new StreamsBlockedFrame(false, 3).Encode(ref w);
        new NewConnectionIdFrame(2, 1, ConnectionId.FromHex("0a0b0c0d"), StatelessResetToken.FromHex("00112233445566778899aabbccddeeff")).Encode(ref w);
        new RetireConnectionIdFrame(1).Encode(ref w);
        new PathChallengeFrame(0x0102030405060708).Encode(ref w);
        new PathResponseFrame(0x0102030405060708).Encode(ref w);
        new PingFrame().Encode(ref w);
        new HandshakeDoneFrame().Encode(ref w);
        new DatagramFrame(new byte[5]).Encode(ref w);
        ConnectionCloseFrame.ForTransportError(TransportErrorCode.ProtocolViolation, 0x08, "bad"u8.ToArray()).Encode(ref w);
        new PaddingFrame(10).Encode(ref w);
        int length = w.Position;

        writer.PacketSent(Ms(5), PacketType.OneRtt, 42, length + 30, SenderFixture.Dcid, SenderFixture.Scid, payload.AsSpan(0, length));

        var e = Assert.Single(Close(trace, file).Named("transport:packet_sent"));
        var frames = Data(e).GetProperty("frames").EnumerateArray().ToDictionary(f => f.GetProperty("frame_type").GetString()!);
        Assert.Equal(21, frames.Count);

        var ack = frames["ack"];
        Assert.Equal(0.8, ack.GetProperty("ack_delay").GetDouble()); // 100 << 3 µs (RFC 9000 §19.3), in ms
        Assert.Equal("[[8,10],[3,5],[1]]", ack.GetProperty("acked_ranges").GetRawText());
        Assert.Equal(2, ack.GetProperty("ect1").GetInt32());
        Assert.Equal(1, ack.GetProperty("ect0").GetInt32());
        Assert.Equal(3, ack.GetProperty("ce").GetInt32());
        AssertFields(frames["reset_stream"], ("stream_id", 4), ("error_code", 7), ("final_size", 1000));
        AssertFields(frames["stop_sending"], ("stream_id", 8), ("error_code", 9));
        AssertFields(frames["crypto"], ("offset", 50), ("length", 20));
        Assert.Equal(12, frames["new_token"].GetProperty("token").GetProperty("length").GetInt32());
        AssertFields(frames["stream"], ("stream_id", 12), ("offset", 300), ("length", 40));
        Assert.True(frames["stream"].GetProperty("fin").GetBoolean());
        AssertFields(frames["max_data"], ("maximum", 123456));
        AssertFields(frames["max_stream_data"], ("stream_id", 12), ("maximum", 6543));
        AssertFields(frames["max_streams"], ("maximum", 100));
        Assert.Equal("bidirectional", frames["max_streams"].GetProperty("stream_type").GetString());
        AssertFields(frames["data_blocked"], ("limit", 777));
        AssertFields(frames["stream_data_blocked"], ("stream_id", 12), ("limit", 888));
        AssertFields(frames["streams_blocked"], ("limit", 3));
        Assert.Equal("unidirectional", frames["streams_blocked"].GetProperty("stream_type").GetString());
        var ncid = frames["new_connection_id"];
        AssertFields(ncid, ("sequence_number", 2), ("retire_prior_to", 1), ("connection_id_length", 4));
        Assert.Equal("0a0b0c0d", ncid.GetProperty("connection_id").GetString());
        Assert.Equal("00112233445566778899aabbccddeeff", ncid.GetProperty("stateless_reset_token").GetString());
        AssertFields(frames["retire_connection_id"], ("sequence_number", 1));
        Assert.Equal("0102030405060708", frames["path_challenge"].GetProperty("data").GetString());
        Assert.Equal("0102030405060708", frames["path_response"].GetProperty("data").GetString());
        Assert.Single(frames["ping"].EnumerateObject());
        Assert.Single(frames["handshake_done"].EnumerateObject());
        AssertFields(frames["datagram"], ("length", 5));
        var close = frames["connection_close"];
        Assert.Equal("transport", close.GetProperty("error_space").GetString());
        Assert.Equal("protocol_violation", close.GetProperty("error_code").GetString());
        AssertFields(close, ("raw_error_code", 0x0a), ("trigger_frame_type", 8));
        Assert.Equal("bad", close.GetProperty("reason").GetString());
        AssertFields(frames["padding"], ("payload_length", 10));
        Assert.Equal(length, Data(e).GetProperty("raw").GetProperty("payload_length").GetInt32());
    }

    private static void AssertFields(JsonElement frame, params (string Name, long Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            Assert.True(frame.TryGetProperty(name, out var v), $"{frame} has no {name}");
            Assert.Equal(JsonValueKind.Number, v.ValueKind);
            Assert.Equal(value, v.GetInt64());
        }
    }

    [Fact]
    public void Connection_parameters_keys_losses_and_close_carry_the_draft_fields()
    {
        var (trace, file) = NewTrace(isServer: true);
        var writer = new QlogWriter(trace);
        writer.ConnectionStarted(Ms(0), new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 4433),
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 50000), ConnectionId.FromHex("51525354"), ConnectionId.FromHex("c1c2"));
        var local = new TransportParameters { InitialMaxData = 1000, AckDelayExponent = 5, InitialSourceConnectionId = ConnectionId.FromHex("51525354") };
        writer.ParametersSet(Ms(0), local: true, local, QuicVersion.V1);
        writer.ParametersSet(Ms(1), local: false, new TransportParameters { AckDelayExponent = 7, MaxIdleTimeoutMs = 30000 });
        writer.KeyUpdated(Ms(2), EncryptionLevel.Handshake, serverSecret: true, QlogKeyUpdateTrigger.Tls);
        writer.KeyUpdated(Ms(3), EncryptionLevel.OneRtt, serverSecret: false, QlogKeyUpdateTrigger.RemoteUpdate, 2);
        writer.PacketLost(Ms(4), EncryptionLevel.OneRtt, 17, QlogLossTrigger.ReorderingThreshold);
        writer.ConnectionClosed(Ms(5), new CloseInfo(CloseSource.Local, (ulong)TransportErrorCode.FlowControlError, false, 0, "too much"));
        var records = Close(trace, file);

        Assert.Equal(7, trace.PeerAckDelayExponent); // noted from the remote parameters, for received ACK frames
        var started = Data(Assert.Single(records.Named("connectivity:connection_started")));
        Assert.Equal("v4", started.GetProperty("ip_version").GetString());
        Assert.Equal("127.0.0.1", started.GetProperty("src_ip").GetString());
        Assert.Equal(4433, started.GetProperty("src_port").GetInt32());
        Assert.Equal(50000, started.GetProperty("dst_port").GetInt32());
        Assert.Equal("51525354", started.GetProperty("src_cid").GetString());
        Assert.Equal("c1c2", started.GetProperty("dst_cid").GetString());

        var parameters = records.Named("transport:parameters_set").Select(Data).ToList();
        Assert.Equal(["local", "remote"], parameters.Select(p => p.GetProperty("owner").GetString()));
        Assert.Equal(1000, parameters[0].GetProperty("initial_max_data").GetInt32());
        Assert.Equal(5, parameters[0].GetProperty("ack_delay_exponent").GetInt32());
        Assert.Equal("51525354", parameters[0].GetProperty("initial_source_connection_id").GetString());
        Assert.Equal(30000, parameters[1].GetProperty("max_idle_timeout").GetInt32());
        Assert.Equal(JsonValueKind.False, parameters[1].GetProperty("disable_active_migration").ValueKind);

        var keys = records.Named("security:key_updated").Select(Data).ToList();
        Assert.Equal("server_handshake_secret", keys[0].GetProperty("key_type").GetString());
        Assert.Equal("tls", keys[0].GetProperty("trigger").GetString());
        Assert.Equal("client_1rtt_secret", keys[1].GetProperty("key_type").GetString());
        Assert.Equal("remote_update", keys[1].GetProperty("trigger").GetString());
        Assert.Equal(2, keys[1].GetProperty("generation").GetInt32());

        var lost = Data(Assert.Single(records.Named("recovery:packet_lost")));
        Assert.Equal("1RTT", lost.GetProperty("header").GetProperty("packet_type").GetString());
        Assert.Equal(17, lost.GetProperty("header").GetProperty("packet_number").GetInt32());
        Assert.Equal("reordering_threshold", lost.GetProperty("trigger").GetString());

        var closed = Data(Assert.Single(records.Named("connectivity:connection_closed")));
        Assert.Equal("local", closed.GetProperty("owner").GetString());
        Assert.Equal("flow_control_error", closed.GetProperty("connection_code").GetString());
        Assert.Equal("error", closed.GetProperty("trigger").GetString());
        Assert.Equal("too much", closed.GetProperty("reason").GetString());
    }

    [Fact]
    public void Crypto_errors_and_clean_application_closes_use_the_draft_strings()
    {
        var (trace, file) = NewTrace();
        var writer = new QlogWriter(trace);
        writer.ConnectionClosed(Ms(1), new CloseInfo(CloseSource.Peer, 0x128, false, 6, "handshake failure"));
        writer.ConnectionClosed(Ms(2), new CloseInfo(CloseSource.Local, 0, true, 0, ""));
        writer.ConnectionClosed(Ms(3), new CloseInfo(CloseSource.IdleTimeout, 0, false, 0, ""));
        var closed = Close(trace, file).Named("connectivity:connection_closed").Select(Data).ToList();

        Assert.Equal("crypto_error_0x128", closed[0].GetProperty("connection_code").GetString());
        Assert.Equal("remote", closed[0].GetProperty("owner").GetString());
        Assert.Equal(0, closed[1].GetProperty("application_code").GetInt32());
        Assert.Equal("clean", closed[1].GetProperty("trigger").GetString());
        Assert.Equal("idle_timeout", closed[2].GetProperty("trigger").GetString());
    }

    [Fact]
    public void Metrics_updated_carries_only_what_changed()
    {
        var (trace, file) = NewTrace();
        var writer = new QlogWriter(trace);
        var before = new QlogRecoveryMetrics(false, TimeSpan.Zero, Ms(333), TimeSpan.Zero, Ms(166.5), 0, 12000, 0, null);
        Assert.True(writer.MetricsUpdated(Ms(1), before));
        Assert.False(writer.MetricsUpdated(Ms(2), before));
        var sampled = before with { HasRttSample = true, MinRtt = Ms(2.5), SmoothedRtt = Ms(2.5), LatestRtt = Ms(2.5), RttVariance = Ms(1.25), BytesInFlight = 1200 };
        Assert.True(writer.MetricsUpdated(Ms(3), sampled));
        Assert.True(writer.MetricsUpdated(Ms(4), sampled with { CongestionWindow = 13200, SlowStartThreshold = 6000 }));

        var events = Close(trace, file).Named("recovery:metrics_updated").Select(Data).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(["smoothed_rtt", "rtt_variance", "pto_count", "congestion_window", "bytes_in_flight"], events[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(333, events[0].GetProperty("smoothed_rtt").GetDouble());
        Assert.Equal(["min_rtt", "smoothed_rtt", "latest_rtt", "rtt_variance", "bytes_in_flight"], events[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(2.5, events[1].GetProperty("latest_rtt").GetDouble());
        Assert.Equal(["congestion_window", "ssthresh"], events[2].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Dropped_and_buffered_packets_name_the_trigger()
    {
        // A 1-RTT packet before the handshake completed is stashed, one whose keys never come dropped.
        var (trace, file) = NewTrace(isServer: false);
        var writer = new QlogWriter(trace);
        using var receiver = new PacketReceiver(ReceiverTestKit.ClientOptions()) { Qlog = writer };
        var (send, receive) = ReceiverTestKit.KeyPair(3);
        receiver.InstallKeys(EncryptionLevel.OneRtt, receive);
        var handler = new QlogPacketHandler<CountingPacketHandler>(default, writer, Ms(1));
        var datagram = ReceiverTestKit.Short(send, 0, ReceiverTestKit.Encode(ReceiverTestKit.Ping()));
        Assert.Equal(1, receiver.Receive(datagram, Ms(1), ref handler).PacketsStashed);
        // Garbage after a valid-looking header byte cannot be delimited.
        Assert.Equal(1, receiver.Receive(new byte[] { 0xc0, 0, 0, 0, 1, 30 }, Ms(2), ref handler).DroppedMalformed);
        send.Dispose();

        var records = Close(trace, file);
        var buffered = Data(Assert.Single(records.Named("transport:packet_buffered")));
        Assert.Equal("1RTT", buffered.GetProperty("header").GetProperty("packet_type").GetString());
        Assert.Equal("keys_unavailable", buffered.GetProperty("trigger").GetString());
        Assert.Equal(datagram.Length, buffered.GetProperty("raw").GetProperty("length").GetInt32());
        var dropped = Data(Assert.Single(records.Named("transport:packet_dropped")));
        Assert.Equal("header_parse_error", dropped.GetProperty("trigger").GetString());
    }

    [Fact]
    public void A_packet_whose_frame_fails_leaves_no_half_record()
    {
        var (trace, file) = NewTrace();
        var writer = new QlogWriter(trace);
        var packet = new ReceivedPacket(EncryptionLevel.OneRtt, PacketType.OneRtt, 5, 60, Ms(1), SenderFixture.Dcid.ToArray(), default, 0, false);
        var handler = new QlogPacketHandler<ThrowingOnStream>(default, writer, Ms(1));
        handler.OnPacketStart(in packet);
        handler.OnPing(default);
        Assert.Throws<QuicProtocolException>(() => handler.OnStream(new StreamFrame(0, 0, new byte[3], false)));
        writer.PacketLost(Ms(2), EncryptionLevel.OneRtt, 1, QlogLossTrigger.TimeThreshold);

        var records = Close(trace, file);
        Assert.Empty(records.Named("transport:packet_received"));
        Assert.Single(records.Named("recovery:packet_lost"));
        Assert.Equal(1, trace.EventCount);
    }

    [Fact]
    public void Times_never_go_backwards_in_the_file()
    {
        // Actors log from their own threads with their own "now": the file stays ordered for qvis.
        var (trace, file) = NewTrace();
        var a = new QlogWriter(trace);
        var b = new QlogWriter(trace);
        a.PacketLost(Ms(10.5), EncryptionLevel.Initial, 0, QlogLossTrigger.TimeThreshold);
        b.PacketLost(Ms(9), EncryptionLevel.Initial, 1, QlogLossTrigger.TimeThreshold);
        a.PacketLost(Ms(12.25), EncryptionLevel.Initial, 2, QlogLossTrigger.TimeThreshold);
        var times = Close(trace, file).Events.Select(e => e.GetProperty("time").GetDouble()).ToList();
        Assert.Equal([10.5, 10.5, 12.25], times);
    }

    [Fact]
    public void Concurrent_writers_append_whole_records()
    {
        var (trace, file) = NewTrace();
        const int Threads = 4, PerThread = 500;
        var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var writer = new QlogWriter(trace);
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
                writer.PacketLost(Ms(i), EncryptionLevel.OneRtt, (ulong)(t * PerThread + i), QlogLossTrigger.TimeThreshold);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var numbers = Close(trace, file).Named("recovery:packet_lost")
            .Select(e => Data(e).GetProperty("header").GetProperty("packet_number").GetInt32()).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Threads * PerThread), numbers);
    }

    [Fact]
    public void A_write_error_stops_tracing_without_failing_the_caller()
    {
        var broken = new FailingStream(failAfterBytes: 600);
        var trace = new QlogTrace(broken, true, Odcid, Start);
        var writer = new QlogWriter(trace);
        for (int i = 0; i < 50; i++) writer.PacketLost(Ms(i), EncryptionLevel.OneRtt, (ulong)i, QlogLossTrigger.TimeThreshold);
        trace.Dispose();
        Assert.IsType<IOException>(trace.Error);
        Assert.True(trace.EventCount is > 0 and < 50, $"{trace.EventCount}");
    }

    [Fact]
    public void Logging_packets_allocates_nothing_once_warm()
    {
        var trace = new QlogTrace(Stream.Null, false, Odcid, Start);
        var writer = new QlogWriter(trace);
        var payload = new byte[1100];
        var w = new QuicWriter(payload);
        AckFrame.Encode(ref w, [new AckRange(90, 100), new AckRange(10, 80)], 20);
        new StreamFrame(4, 100_000, new byte[1000], false).Encode(ref w);
        int length = w.Position;
        var packet = new ReceivedPacket(EncryptionLevel.OneRtt, PacketType.OneRtt, 5, 1200, Ms(1), SenderFixture.Dcid.ToArray(), default, 0, false);
        var frame = new StreamFrame(4, 0, new byte[1000], false);

        void LogBoth(int i)
        {
            writer.PacketSent(Ms(i), PacketType.OneRtt, (ulong)i, 1200, SenderFixture.Dcid, SenderFixture.Scid, payload.AsSpan(0, length));
            var handler = new QlogPacketHandler<CountingPacketHandler>(default, writer, Ms(i));
            handler.OnPacketStart(in packet);
            handler.OnStream(in frame);
            handler.OnPacketEnd(in packet, true, false);
        }

        for (int i = 0; i < 10; i++) LogBoth(i);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 10; i < 1010; i++) LogBoth(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2020, trace.EventCount);
        Assert.True(allocated == 0, $"{allocated} bytes for 2000 events");
    }

    /// <summary>A handler that rejects every STREAM frame, as the connection does for a bad one.</summary>
    private struct ThrowingOnStream : IPacketHandler
    {
        public void OnPacketStart(in ReceivedPacket packet) { }
        public void OnPacketEnd(in ReceivedPacket packet, bool ackEliciting, bool probingOnly) { }
        public void OnPadding(in PaddingFrame frame) { }
        public void OnPing(in PingFrame frame) { }
        public void OnAck(in AckFrame frame) { }
        public void OnResetStream(in ResetStreamFrame frame) { }
        public void OnStopSending(in StopSendingFrame frame) { }
        public void OnCrypto(in CryptoFrame frame) { }
        public void OnNewToken(in NewTokenFrame frame) { }
        public void OnStream(in StreamFrame frame) => throw new QuicProtocolException(TransportErrorCode.StreamStateError, "no such stream");
        public void OnMaxData(in MaxDataFrame frame) { }
        public void OnMaxStreamData(in MaxStreamDataFrame frame) { }
        public void OnMaxStreams(in MaxStreamsFrame frame) { }
        public void OnDataBlocked(in DataBlockedFrame frame) { }
        public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) { }
        public void OnStreamsBlocked(in StreamsBlockedFrame frame) { }
        public void OnNewConnectionId(in NewConnectionIdFrame frame) { }
        public void OnRetireConnectionId(in RetireConnectionIdFrame frame) { }
        public void OnPathChallenge(in PathChallengeFrame frame) { }
        public void OnPathResponse(in PathResponseFrame frame) { }
        public void OnConnectionClose(in ConnectionCloseFrame frame) { }
        public void OnHandshakeDone(in HandshakeDoneFrame frame) { }
        public void OnDatagram(in DatagramFrame frame) { }
    }

    /// <summary>A disk that fills up: writes fail once <c>failAfterBytes</c> were taken.</summary>
    private sealed class FailingStream(int failAfterBytes) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfterBytes) throw new IOException("No space left on device");
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void WriteByte(byte value) => Write([value], 0, 1);
    }
}
