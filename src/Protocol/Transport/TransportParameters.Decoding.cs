using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Transport;

// Decoding and validation of a peer's parameters (RFC 9000 §7.4, §18). Every defect in the
// peer's bytes becomes TRANSPORT_PARAMETER_ERROR; nothing else may escape, since this input is
// attacker-controlled.
public sealed partial record TransportParameters
{
    /// <summary>
    /// Parses and validates the quic_transport_parameters extension data sent by
    /// <paramref name="sender"/>. Unknown and reserved parameters are skipped (RFC 9000 §7.4.2,
    /// §18.1). Connection IDs are not checked against the packets here: see
    /// <see cref="ConnectionIdAuthentication"/> (RFC 9000 §7.3).
    /// </summary>
    /// <exception cref="QuicProtocolException">TRANSPORT_PARAMETER_ERROR for any invalid input.</exception>
    public static TransportParameters Decode(ReadOnlySpan<byte> data, TransportParameterSender sender)
    {
        ConnectionId? originalDestinationConnectionId = null, initialSourceConnectionId = null, retrySourceConnectionId = null;
        StatelessResetToken? statelessResetToken = null;
        PreferredAddress? preferredAddress = null;
        VersionInformation? versionInformation = null;
        ulong? maxDatagramFrameSize = null;
        ulong maxIdleTimeout = 0, maxUdpPayloadSize = DefaultMaxUdpPayloadSize, initialMaxData = 0;
        ulong bidiLocal = 0, bidiRemote = 0, uni = 0, streamsBidi = 0, streamsUni = 0;
        ulong ackDelayExponent = DefaultAckDelayExponent, maxAckDelay = DefaultMaxAckDelayMs;
        ulong activeConnectionIdLimit = MinActiveConnectionIdLimit;
        bool disableActiveMigration = false, greaseQuicBit = false;

        var seen = new SeenIds();
        var reader = new QuicReader(data);
        while (!reader.IsEnd)
        {
            // RFC 9000 §18: id (i), length (i), value (length bytes).
            if (!reader.TryReadVarint(out ulong id)
                || !reader.TryReadVarint(out ulong length)
                || !reader.TryReadSpan(length, out var value))
                throw Error($"transport parameter truncated at offset {reader.Position}");
            // RFC 9000 §7.4: an endpoint SHOULD treat duplicates as TRANSPORT_PARAMETER_ERROR.
            if (!seen.Add(id))
                throw Error($"duplicate transport parameter 0x{id:x}");

            switch ((TransportParameterId)id)
            {
                case TransportParameterId.OriginalDestinationConnectionId:
                    RequireServer(sender, id);
                    originalDestinationConnectionId = ReadConnectionId(value, id);
                    break;
                case TransportParameterId.MaxIdleTimeout:
                    maxIdleTimeout = ReadVarint(value, id);
                    break;
                case TransportParameterId.StatelessResetToken:
                    RequireServer(sender, id);
                    // RFC 9000 §18.2: a sequence of 16 bytes.
                    if (value.Length != Wire.StatelessResetToken.Length)
                        throw Error($"stateless_reset_token is {value.Length} bytes, not 16");
                    statelessResetToken = new StatelessResetToken(value);
                    break;
                case TransportParameterId.MaxUdpPayloadSize:
                    maxUdpPayloadSize = ReadVarint(value, id);
                    // RFC 9000 §18.2: values below 1200 are invalid.
                    if (maxUdpPayloadSize < MinMaxUdpPayloadSize)
                        throw Error($"max_udp_payload_size {maxUdpPayloadSize} is below 1200");
                    break;
                case TransportParameterId.InitialMaxData:
                    initialMaxData = ReadVarint(value, id);
                    break;
                case TransportParameterId.InitialMaxStreamDataBidiLocal:
                    bidiLocal = ReadVarint(value, id);
                    break;
                case TransportParameterId.InitialMaxStreamDataBidiRemote:
                    bidiRemote = ReadVarint(value, id);
                    break;
                case TransportParameterId.InitialMaxStreamDataUni:
                    uni = ReadVarint(value, id);
                    break;
                case TransportParameterId.InitialMaxStreamsBidi:
                    streamsBidi = ReadStreamCount(value, id);
                    break;
                case TransportParameterId.InitialMaxStreamsUni:
                    streamsUni = ReadStreamCount(value, id);
                    break;
                case TransportParameterId.AckDelayExponent:
                    ackDelayExponent = ReadVarint(value, id);
                    // RFC 9000 §18.2: values above 20 are invalid.
                    if (ackDelayExponent > MaxAckDelayExponent)
                        throw Error($"ack_delay_exponent {ackDelayExponent} is above 20");
                    break;
                case TransportParameterId.MaxAckDelay:
                    maxAckDelay = ReadVarint(value, id);
                    // RFC 9000 §18.2: values of 2^14 or greater are invalid.
                    if (maxAckDelay > MaxAckDelayUpperBoundMs)
                        throw Error($"max_ack_delay {maxAckDelay} is 2^14 or more");
                    break;
                case TransportParameterId.DisableActiveMigration:
                    // RFC 9000 §18.2: a zero-length value.
                    RequireEmpty(value, id);
                    disableActiveMigration = true;
                    break;
                case TransportParameterId.PreferredAddress:
                    RequireServer(sender, id);
                    preferredAddress = PreferredAddress.TryDecode(value)
                        ?? throw Error("malformed preferred_address");
                    break;
                case TransportParameterId.ActiveConnectionIdLimit:
                    activeConnectionIdLimit = ReadVarint(value, id);
                    // RFC 9000 §18.2: the value MUST be at least 2.
                    if (activeConnectionIdLimit < MinActiveConnectionIdLimit)
                        throw Error($"active_connection_id_limit {activeConnectionIdLimit} is below 2");
                    break;
                case TransportParameterId.InitialSourceConnectionId:
                    initialSourceConnectionId = ReadConnectionId(value, id);
                    break;
                case TransportParameterId.RetrySourceConnectionId:
                    RequireServer(sender, id);
                    retrySourceConnectionId = ReadConnectionId(value, id);
                    break;
                case TransportParameterId.VersionInformation:
                    versionInformation = VersionInformation.TryDecode(value)
                        ?? throw Error("malformed version_information");
                    break;
                case TransportParameterId.MaxDatagramFrameSize:
                    // RFC 9221 §3: a varint; any value is legal.
                    maxDatagramFrameSize = ReadVarint(value, id);
                    break;
                case TransportParameterId.GreaseQuicBit:
                    // RFC 9287 §3: a zero-length value.
                    RequireEmpty(value, id);
                    greaseQuicBit = true;
                    break;
                default:
                    // RFC 9000 §7.4.2: an endpoint MUST ignore parameters it does not support,
                    // which includes the reserved 31 * N + 27 identifiers (§18.1).
                    break;
            }
        }

        return new TransportParameters
        {
            OriginalDestinationConnectionId = originalDestinationConnectionId,
            MaxIdleTimeoutMs = maxIdleTimeout,
            StatelessResetToken = statelessResetToken,
            MaxUdpPayloadSize = maxUdpPayloadSize,
            InitialMaxData = initialMaxData,
            InitialMaxStreamDataBidiLocal = bidiLocal,
            InitialMaxStreamDataBidiRemote = bidiRemote,
            InitialMaxStreamDataUni = uni,
            InitialMaxStreamsBidi = streamsBidi,
            InitialMaxStreamsUni = streamsUni,
            AckDelayExponent = (int)ackDelayExponent,
            MaxAckDelayMs = (int)maxAckDelay,
            DisableActiveMigration = disableActiveMigration,
            PreferredAddress = preferredAddress,
            ActiveConnectionIdLimit = activeConnectionIdLimit,
            InitialSourceConnectionId = initialSourceConnectionId,
            RetrySourceConnectionId = retrySourceConnectionId,
            VersionInformation = versionInformation,
            MaxDatagramFrameSize = maxDatagramFrameSize,
            GreaseQuicBit = greaseQuicBit,
        };
    }

    private static QuicProtocolException Error(string reason) =>
        new(TransportErrorCode.TransportParameterError, reason);

    /// <summary>An integer parameter is exactly one varint filling its length (RFC 9000 §18.2).</summary>
    private static ulong ReadVarint(ReadOnlySpan<byte> value, ulong id)
    {
        if (!QuicVarint.TryRead(value, out ulong result, out int read) || read != value.Length)
            throw Error($"transport parameter 0x{id:x} is not a single varint of its length ({value.Length} bytes)");
        return result;
    }

    private static ulong ReadStreamCount(ReadOnlySpan<byte> value, ulong id)
    {
        ulong count = ReadVarint(value, id);
        // RFC 9000 §4.6: more than 2^60 streams is TRANSPORT_PARAMETER_ERROR.
        if (count > MaxStreamsLimit)
            throw Error($"transport parameter 0x{id:x} allows {count} streams, more than 2^60");
        return count;
    }

    private static ConnectionId ReadConnectionId(ReadOnlySpan<byte> value, ulong id)
    {
        // RFC 9000 §17.2: QUIC v1 connection IDs are at most 20 bytes (zero-length is legal, §7.3).
        if (value.Length > ConnectionId.MaxLength)
            throw Error($"transport parameter 0x{id:x} carries a {value.Length}-byte connection ID");
        return new ConnectionId(value);
    }

    private static void RequireEmpty(ReadOnlySpan<byte> value, ulong id)
    {
        if (!value.IsEmpty)
            throw Error($"transport parameter 0x{id:x} must be empty, has {value.Length} bytes");
    }

    // RFC 9000 §18.2: a server MUST treat a client's server-only parameter as TRANSPORT_PARAMETER_ERROR.
    private static void RequireServer(TransportParameterSender sender, ulong id)
    {
        if (sender != TransportParameterSender.Server)
            throw Error($"client sent server-only transport parameter 0x{id:x}");
    }

    /// <summary>
    /// Identifiers seen so far: a bit mask covers the small known ones without allocating; the
    /// set for the rest is bounded by the input, as each parameter takes at least two bytes.
    /// </summary>
    private struct SeenIds
    {
        private ulong _small;
        private HashSet<ulong>? _large;

        public bool Add(ulong id)
        {
            if (id < 64)
            {
                ulong bit = 1UL << (int)id;
                if ((_small & bit) != 0) return false;
                _small |= bit;
                return true;
            }
            _large ??= [];
            return _large.Add(id);
        }
    }
}
