using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Transport;

/// <summary>
/// One endpoint's transport parameters (RFC 9000 §7.4, §18.2; RFC 9221 §3; RFC 9368 §3;
/// RFC 9287 §3). Integer parameters hold their default when absent, since absence and the
/// default mean the same thing; parameters whose absence carries meaning are nullable.
/// The init accessors reject out-of-range values so every instance is encodable and valid;
/// <see cref="Decode"/> checks peer input first and reports it as TRANSPORT_PARAMETER_ERROR.
/// Time values stay in integer milliseconds: a varint can exceed what TimeSpan holds.
/// </summary>
public sealed partial record TransportParameters
{
    /// <summary>RFC 9000 §18.2: the largest UDP payload, and the default.</summary>
    public const ulong DefaultMaxUdpPayloadSize = 65527;

    /// <summary>RFC 9000 §18.2: max_udp_payload_size values below 1200 are invalid.</summary>
    public const ulong MinMaxUdpPayloadSize = 1200;

    public const int DefaultAckDelayExponent = 3;

    /// <summary>RFC 9000 §18.2: ack_delay_exponent values above 20 are invalid.</summary>
    public const int MaxAckDelayExponent = 20;

    public const int DefaultMaxAckDelayMs = 25;

    /// <summary>RFC 9000 §18.2: max_ack_delay values of 2^14 or greater are invalid.</summary>
    public const int MaxAckDelayUpperBoundMs = (1 << 14) - 1;

    /// <summary>RFC 9000 §18.2: the default and the minimum of active_connection_id_limit.</summary>
    public const ulong MinActiveConnectionIdLimit = 2;

    /// <summary>
    /// RFC 9000 §4.6: initial_max_streams_* above 2^60 would allow stream IDs no varint can
    /// carry, and is TRANSPORT_PARAMETER_ERROR.
    /// </summary>
    public const ulong MaxStreamsLimit = 1UL << 60;

    /// <summary>Server only (RFC 9000 §7.3): the DCID of the client's first Initial.</summary>
    public ConnectionId? OriginalDestinationConnectionId { get; init; }

    /// <summary>Milliseconds; 0 disables the idle timeout from this side (RFC 9000 §10.1).</summary>
    public ulong MaxIdleTimeoutMs { get; init => field = CheckVarint(value); }

    /// <summary>Server only; absent means no stateless reset for the handshake CID (RFC 9000 §18.2).</summary>
    public StatelessResetToken? StatelessResetToken { get; init; }

    public ulong MaxUdpPayloadSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinMaxUdpPayloadSize);
            field = CheckVarint(value);
        }
    } = DefaultMaxUdpPayloadSize;

    public ulong InitialMaxData { get; init => field = CheckVarint(value); }

    public ulong InitialMaxStreamDataBidiLocal { get; init => field = CheckVarint(value); }

    public ulong InitialMaxStreamDataBidiRemote { get; init => field = CheckVarint(value); }

    public ulong InitialMaxStreamDataUni { get; init => field = CheckVarint(value); }

    public ulong InitialMaxStreamsBidi { get; init => field = CheckStreams(value); }

    public ulong InitialMaxStreamsUni { get; init => field = CheckStreams(value); }

    public int AckDelayExponent
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxAckDelayExponent);
            field = value;
        }
    } = DefaultAckDelayExponent;

    public int MaxAckDelayMs
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxAckDelayUpperBoundMs);
            field = value;
        }
    } = DefaultMaxAckDelayMs;

    public bool DisableActiveMigration { get; init; }

    /// <summary>Server only (RFC 9000 §9.6).</summary>
    public PreferredAddress? PreferredAddress { get; init; }

    public ulong ActiveConnectionIdLimit
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinActiveConnectionIdLimit);
            field = CheckVarint(value);
        }
    } = MinActiveConnectionIdLimit;

    /// <summary>The SCID of the sender's first Initial; both sides must send it (RFC 9000 §7.3).</summary>
    public ConnectionId? InitialSourceConnectionId { get; init; }

    /// <summary>Server only, and only after a Retry (RFC 9000 §7.3).</summary>
    public ConnectionId? RetrySourceConnectionId { get; init; }

    /// <summary>
    /// RFC 9221 §3: null when absent. Zero and absent both mean DATAGRAM is unsupported, but an
    /// application may insist on the parameter being present, so absence stays visible.
    /// </summary>
    public ulong? MaxDatagramFrameSize { get; init => field = value is { } v ? CheckVarint(v) : null; }

    /// <summary>RFC 9368 §3: null when absent.</summary>
    public VersionInformation? VersionInformation { get; init; }

    /// <summary>RFC 9287 §3: the sender accepts packets with the QUIC Bit cleared.</summary>
    public bool GreaseQuicBit { get; init; }

    private static ulong CheckVarint(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, QuicVarint.MaxValue);
        return value;
    }

    private static ulong CheckStreams(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxStreamsLimit);
        return value;
    }
}
