using System.Buffers;
using System.Net;
using System.Text.Json;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Qlog;

/// <summary>
/// Builds qlog 0.3 events (draft-ietf-quic-qlog-quic-events-03) for one actor of a connection
/// and appends them to the connection's <see cref="QlogTrace"/>. Each event is written with a
/// <see cref="Utf8JsonWriter"/> into a buffer this writer keeps and reuses, so logging allocates
/// nothing per event once warm. Not thread-safe: one writer per actor, all sharing the trace.
/// </summary>
/// <remarks>
/// An event is begun, filled and ended; beginning the next one discards whatever an exception
/// left half-written (e.g. a packet whose frame failed), so a record is never truncated.
/// Callers keep qlog free when it is off by holding a null writer.
/// </remarks>
public sealed partial class QlogWriter
{
    private const int InitialBufferSize = 4096;

    private readonly QlogTrace _trace;
    private readonly ArrayBufferWriter<byte> _buffer = new(InitialBufferSize);
    private readonly Utf8JsonWriter _json;
    private TimeSpan _eventTime;
    private bool _open;
    private QlogRecoveryMetrics _lastMetrics;
    private bool _metricsLogged;

    public QlogWriter(QlogTrace trace)
    {
        _trace = trace ?? throw new ArgumentNullException(nameof(trace));
        _json = new Utf8JsonWriter(_buffer);
    }

    public QlogTrace Trace => _trace;

    /// <summary>Events this writer appended.</summary>
    public long EventsWritten { get; private set; }

    /// <summary>connectivity:connection_started (quic-events 0.3 §4.2), from our side: src is local.</summary>
    public void ConnectionStarted(TimeSpan now, EndPoint? local, IPEndPoint remote, ConnectionId sourceConnectionId,
        ConnectionId destinationConnectionId)
    {
        ArgumentNullException.ThrowIfNull(remote);
        Begin(now, "connectivity:connection_started"u8);
        var localIp = local as IPEndPoint;
        _json.WriteString("ip_version"u8, remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "v6"u8 : "v4"u8);
        _json.WriteString("src_ip"u8, localIp?.Address.ToString() ?? "unknown");
        _json.WriteString("dst_ip"u8, remote.Address.ToString());
        _json.WriteString("protocol"u8, "QUIC"u8);
        if (localIp is not null) _json.WriteNumber("src_port"u8, localIp.Port);
        _json.WriteNumber("dst_port"u8, remote.Port);
        WriteHex("src_cid"u8, sourceConnectionId.Span);
        WriteHex("dst_cid"u8, destinationConnectionId.Span);
        End();
    }

    /// <summary>
    /// transport:parameters_set (quic-events 0.3 §5.3) for one side's transport parameters. The
    /// remote side's ack_delay_exponent is also noted on the trace for the ACK frames received.
    /// </summary>
    public void ParametersSet(TimeSpan now, bool local, TransportParameters parameters, uint? version = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!local) _trace.PeerAckDelayExponent = parameters.AckDelayExponent;
        Begin(now, "transport:parameters_set"u8);
        _json.WriteString("owner"u8, local ? "local"u8 : "remote"u8);
        if (version is { } v) _json.WriteString("version"u8, $"{v:x8}");
        if (parameters.OriginalDestinationConnectionId is { } odcid) WriteHex("original_destination_connection_id"u8, odcid.Span);
        if (parameters.InitialSourceConnectionId is { } iscid) WriteHex("initial_source_connection_id"u8, iscid.Span);
        if (parameters.RetrySourceConnectionId is { } rscid) WriteHex("retry_source_connection_id"u8, rscid.Span);
        if (parameters.StatelessResetToken is { } token) WriteHex("stateless_reset_token"u8, token.Span);
        _json.WriteBoolean("disable_active_migration"u8, parameters.DisableActiveMigration);
        _json.WriteNumber("max_idle_timeout"u8, parameters.MaxIdleTimeoutMs);
        _json.WriteNumber("max_udp_payload_size"u8, parameters.MaxUdpPayloadSize);
        _json.WriteNumber("ack_delay_exponent"u8, parameters.AckDelayExponent);
        _json.WriteNumber("max_ack_delay"u8, parameters.MaxAckDelayMs);
        _json.WriteNumber("active_connection_id_limit"u8, parameters.ActiveConnectionIdLimit);
        _json.WriteNumber("initial_max_data"u8, parameters.InitialMaxData);
        _json.WriteNumber("initial_max_stream_data_bidi_local"u8, parameters.InitialMaxStreamDataBidiLocal);
        _json.WriteNumber("initial_max_stream_data_bidi_remote"u8, parameters.InitialMaxStreamDataBidiRemote);
        _json.WriteNumber("initial_max_stream_data_uni"u8, parameters.InitialMaxStreamDataUni);
        _json.WriteNumber("initial_max_streams_bidi"u8, parameters.InitialMaxStreamsBidi);
        _json.WriteNumber("initial_max_streams_uni"u8, parameters.InitialMaxStreamsUni);
        // RFC 9221 and RFC 9287 parameters: "any number of unspecified fields" (§5.3).
        if (parameters.MaxDatagramFrameSize is { } datagram) _json.WriteNumber("max_datagram_frame_size"u8, datagram);
        if (parameters.GreaseQuicBit) _json.WriteBoolean("grease_quic_bit"u8, true);
        End();
    }

    /// <summary>
    /// security:key_updated (quic-events 0.3 §6.1) without the key itself: qlog files are shared
    /// for debugging, secrets are not. <paramref name="generation"/> is for 1-RTT keys.
    /// </summary>
    public void KeyUpdated(TimeSpan now, EncryptionLevel level, bool serverSecret, QlogKeyUpdateTrigger trigger, ulong? generation = null)
    {
        Begin(now, "security:key_updated"u8);
        _json.WriteString("key_type"u8, KeyType(level, serverSecret));
        if (generation is { } g) _json.WriteNumber("generation"u8, g);
        _json.WriteString("trigger"u8, trigger switch
        {
            QlogKeyUpdateTrigger.LocalUpdate => "local_update"u8,
            QlogKeyUpdateTrigger.RemoteUpdate => "remote_update"u8,
            _ => "tls"u8,
        });
        End();
    }

    /// <summary>
    /// recovery:metrics_updated (quic-events 0.3 §7.2) with only the values that changed since the
    /// last call (all of them the first time), as the draft asks; nothing when none changed.
    /// </summary>
    /// <returns>Whether an event was written.</returns>
    public bool MetricsUpdated(TimeSpan now, in QlogRecoveryMetrics metrics)
    {
        var last = _lastMetrics;
        bool first = !_metricsLogged;
        bool minRtt = metrics.HasRttSample && (first || !last.HasRttSample || metrics.MinRtt != last.MinRtt);
        bool latestRtt = metrics.HasRttSample && (first || !last.HasRttSample || metrics.LatestRtt != last.LatestRtt);
        bool smoothed = first || metrics.SmoothedRtt != last.SmoothedRtt;
        bool variance = first || metrics.RttVariance != last.RttVariance;
        bool pto = first || metrics.PtoCount != last.PtoCount;
        bool window = first || metrics.CongestionWindow != last.CongestionWindow;
        bool inFlight = first || metrics.BytesInFlight != last.BytesInFlight;
        bool ssthresh = metrics.SlowStartThreshold is not null && (first || metrics.SlowStartThreshold != last.SlowStartThreshold);
        if (!(minRtt || latestRtt || smoothed || variance || pto || window || inFlight || ssthresh)) return false;
        _lastMetrics = metrics;
        _metricsLogged = true;

        Begin(now, "recovery:metrics_updated"u8);
        if (minRtt) _json.WriteNumber("min_rtt"u8, Milliseconds(metrics.MinRtt));
        if (smoothed) _json.WriteNumber("smoothed_rtt"u8, Milliseconds(metrics.SmoothedRtt));
        if (latestRtt) _json.WriteNumber("latest_rtt"u8, Milliseconds(metrics.LatestRtt));
        if (variance) _json.WriteNumber("rtt_variance"u8, Milliseconds(metrics.RttVariance));
        if (pto) _json.WriteNumber("pto_count"u8, metrics.PtoCount);
        if (window) _json.WriteNumber("congestion_window"u8, metrics.CongestionWindow);
        if (inFlight) _json.WriteNumber("bytes_in_flight"u8, metrics.BytesInFlight);
        if (ssthresh) _json.WriteNumber("ssthresh"u8, metrics.SlowStartThreshold!.Value);
        End();
        return true;
    }

    /// <summary>
    /// recovery:packet_lost (quic-events 0.3 §7.6): at least the packet type and number, as the
    /// draft asks; <paramref name="trigger"/> tells which RFC 9002 §6.1 rule declared it.
    /// </summary>
    public void PacketLost(TimeSpan now, EncryptionLevel level, ulong packetNumber, QlogLossTrigger trigger)
    {
        Begin(now, "recovery:packet_lost"u8);
        _json.WriteStartObject("header"u8);
        _json.WriteString("packet_type"u8, PacketTypeName(level));
        _json.WriteNumber("packet_number"u8, packetNumber);
        _json.WriteEndObject();
        _json.WriteString("trigger"u8, trigger switch
        {
            QlogLossTrigger.ReorderingThreshold => "reordering_threshold"u8,
            QlogLossTrigger.PtoExpired => "pto_expired"u8,
            _ => "time_threshold"u8,
        });
        End();
    }

    /// <summary>
    /// connectivity:connection_closed (quic-events 0.3 §4.3): who closed, the transport or
    /// application code and reason, and the trigger (clean, error, idle_timeout, stateless_reset, application).
    /// </summary>
    public void ConnectionClosed(TimeSpan now, CloseInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Begin(now, "connectivity:connection_closed"u8);
        _json.WriteString("owner"u8, info.Source == CloseSource.Peer ? "remote"u8 : "local"u8);
        bool errorFree = info.ErrorCode == 0;
        switch (info.Source)
        {
            case CloseSource.IdleTimeout:
                _json.WriteString("trigger"u8, "idle_timeout"u8);
                break;
            case CloseSource.StatelessReset:
                _json.WriteString("trigger"u8, "stateless_reset"u8);
                break;
            default:
                if (info.IsApplicationError)
                {
                    _json.WriteNumber("application_code"u8, info.ErrorCode);
                    _json.WriteString("trigger"u8, errorFree ? "clean"u8 : "application"u8);
                }
                else
                {
                    WriteTransportError("connection_code"u8, info.ErrorCode);
                    _json.WriteString("trigger"u8, errorFree ? "clean"u8 : "error"u8);
                }
                break;
        }
        if (!string.IsNullOrEmpty(info.Reason)) _json.WriteString("reason"u8, info.Reason);
        End();
    }

    /// <summary>Starts an event: <c>{"name":…,"data":{</c>; discards an event left open.</summary>
    private void Begin(TimeSpan now, ReadOnlySpan<byte> name)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _eventTime = now;
        _open = true;
        _json.WriteStartObject();
        _json.WriteString("name"u8, name);
        _json.WriteStartObject("data"u8);
    }

    /// <summary>Closes data and the event and appends it to the trace.</summary>
    private void End()
    {
        if (!_open) return;
        _open = false;
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        _trace.Append(_eventTime, _buffer.WrittenSpan);
        EventsWritten++;
    }

    private void WriteHex(ReadOnlySpan<byte> name, ReadOnlySpan<byte> bytes)
    {
        // A connection ID is at most 20 bytes, a token 16: the hex fits on the stack.
        Span<byte> hex = stackalloc byte[2 * Math.Min(bytes.Length, 64)];
        Convert.TryToHexStringLower(bytes[..(hex.Length / 2)], hex, out int written);
        _json.WriteString(name, hex[..written]);
    }

    /// <summary>Milliseconds with microsecond resolution, the unit of every qlog duration.</summary>
    private static double Milliseconds(TimeSpan value) => Math.Round(value.Ticks / (double)TimeSpan.TicksPerMillisecond, 3);

    private static ReadOnlySpan<byte> KeyType(EncryptionLevel level, bool server) => (level, server) switch
    {
        (EncryptionLevel.Initial, true) => "server_initial_secret"u8,
        (EncryptionLevel.Initial, false) => "client_initial_secret"u8,
        (EncryptionLevel.Handshake, true) => "server_handshake_secret"u8,
        (EncryptionLevel.Handshake, false) => "client_handshake_secret"u8,
        (EncryptionLevel.ZeroRtt, true) => "server_0rtt_secret"u8,
        (EncryptionLevel.ZeroRtt, false) => "client_0rtt_secret"u8,
        (_, true) => "server_1rtt_secret"u8,
        _ => "client_1rtt_secret"u8,
    };

    /// <summary>The PacketType of quic-events 0.3 §8.5.</summary>
    internal static ReadOnlySpan<byte> PacketTypeName(PacketType type) => type switch
    {
        PacketType.Initial => "initial"u8,
        PacketType.Handshake => "handshake"u8,
        PacketType.ZeroRtt => "0RTT"u8,
        PacketType.OneRtt => "1RTT"u8,
        PacketType.Retry => "retry"u8,
        PacketType.VersionNegotiation => "version_negotiation"u8,
        _ => "unknown"u8,
    };

    internal static ReadOnlySpan<byte> PacketTypeName(EncryptionLevel level) => level switch
    {
        EncryptionLevel.Initial => "initial"u8,
        EncryptionLevel.Handshake => "handshake"u8,
        EncryptionLevel.ZeroRtt => "0RTT"u8,
        _ => "1RTT"u8,
    };

    /// <summary>A transport error as the TransportError / CryptoError strings of quic-events 0.3 §8.12.16-18, or its number.</summary>
    private void WriteTransportError(ReadOnlySpan<byte> name, ulong code)
    {
        ReadOnlySpan<byte> text = (TransportErrorCode)code switch
        {
            TransportErrorCode.NoError => "no_error"u8,
            TransportErrorCode.InternalError => "internal_error"u8,
            TransportErrorCode.ConnectionRefused => "connection_refused"u8,
            TransportErrorCode.FlowControlError => "flow_control_error"u8,
            TransportErrorCode.StreamLimitError => "stream_limit_error"u8,
            TransportErrorCode.StreamStateError => "stream_state_error"u8,
            TransportErrorCode.FinalSizeError => "final_size_error"u8,
            TransportErrorCode.FrameEncodingError => "frame_encoding_error"u8,
            TransportErrorCode.TransportParameterError => "transport_parameter_error"u8,
            TransportErrorCode.ConnectionIdLimitError => "connection_id_limit_error"u8,
            TransportErrorCode.ProtocolViolation => "protocol_violation"u8,
            TransportErrorCode.InvalidToken => "invalid_token"u8,
            TransportErrorCode.ApplicationError => "application_error"u8,
            TransportErrorCode.CryptoBufferExceeded => "crypto_buffer_exceeded"u8,
            TransportErrorCode.KeyUpdateError => "key_update_error"u8,
            TransportErrorCode.AeadLimitReached => "aead_limit_reached"u8,
            TransportErrorCode.NoViablePath => "no_viable_path"u8,
            _ => default,
        };
        if (!text.IsEmpty)
        {
            _json.WriteString(name, text);
        }
        else if (code is >= 0x100 and <= 0x1ff)
        {
            // RFC 9001 §4.8: 0x100 + the TLS alert; qlog's CryptoError "crypto_error_0x1XX".
            Span<byte> crypto = stackalloc byte[18];
            "crypto_error_0x1"u8.CopyTo(crypto);
            Convert.TryToHexStringLower([(byte)code], crypto[16..], out _);
            _json.WriteString(name, crypto);
        }
        else
        {
            _json.WriteNumber(name, code);
        }
    }
}
