using System.Buffers.Binary;
using System.Net;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Decides what to do with each datagram arriving on an endpoint's one UDP socket, which
/// serves server and client connections alike (RFC 9000 §5.2). The decision is a value
/// (<see cref="RouteDecision{THandle}"/>); the dispatcher actor carries it out. Nothing here
/// touches a socket or a clock: time and the endpoint's load are parameters, randomness is
/// injected, and the routing table is the dispatcher's, read through <see cref="IConnectionIdLookup{THandle}"/>.
/// </summary>
/// <remarks>
/// The decision looks at the first packet of the datagram only: coalesced packets must share
/// its DCID (RFC 9000 §12.2), and the connection's reader splits the rest. In order:
/// <list type="number">
/// <item>a DCID in the table (long or short header, supported version or VN) goes to its connection;</item>
/// <item>an unsupported version gets Version Negotiation if the server role is on and the datagram
/// could have opened a connection (≥ 1200 bytes, RFC 9000 §5.2.2, §6.1), else it is dropped;</item>
/// <item>a client Initial for an unknown DCID may open a connection (<c>EndpointRouter.Initial.cs</c>);</item>
/// <item>a datagram nothing claims is checked against the peers' stateless reset tokens (§10.3.1);</item>
/// <item>a short header for an unknown DCID earns a rate-limited, always smaller Stateless Reset (§10.3);</item>
/// <item>everything else is dropped with a reason.</item>
/// </list>
/// Mutable state is limited to the rate limiters, the statistics and the token codec's replay
/// filter, so the router has one owner (the dispatcher actor) and is not thread-safe.
/// </remarks>
public sealed partial class EndpointRouter<THandle>
{
    /// <summary>Client Initials travel in datagrams of at least this many bytes (RFC 9000 §14.1).</summary>
    public const int MinInitialDatagramSize = 1200;

    /// <summary>The DCID of a client's first Initial is at least this long (RFC 9000 §7.2).</summary>
    public const int MinInitialDestinationConnectionIdLength = 8;

    /// <summary>First byte, version, DCID length and SCID length (RFC 8999 §5.1).</summary>
    private const int LongHeaderInvariantLength = 1 + 4 + 1 + 1;

    private readonly EndpointRouterOptions _options;
    private readonly IConnectionIdLookup<THandle> _lookup;
    private readonly PendingInitialBuffer? _pending;
    private readonly uint[] _versions;
    private readonly TokenBucket _resetBucket;
    private readonly TokenBucket _responseBucket;

    /// <param name="options">Validated here; the router keeps a reference, so do not change it afterwards.</param>
    /// <param name="lookup">The dispatcher's routing table.</param>
    /// <param name="pending">The dispatcher's buffer of connections being created, if it keeps one.</param>
    public EndpointRouter(EndpointRouterOptions options, IConnectionIdLookup<THandle> lookup, PendingInitialBuffer? pending = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lookup);
        options.Validate();
        _options = options;
        _lookup = lookup;
        _pending = pending;
        _versions = options.SupportedVersions.ToArray();
        _resetBucket = new TokenBucket(options.StatelessResetsPerSecond, options.StatelessResetBurst);
        _responseBucket = new TokenBucket(options.ResponsesPerSecond, options.ResponseBurst);
    }

    public EndpointRouterOptions Options => _options;

    /// <summary>What the router decided and shed so far.</summary>
    public EndpointStatistics Statistics { get; } = new();

    /// <summary>Decides the fate of one received datagram. Never throws on any datagram content.</summary>
    /// <param name="datagram">The UDP payload. Not retained: a decision never points into it.</param>
    /// <param name="remote">Where it came from (tokens are bound to it, RFC 9000 §8.1.4).</param>
    /// <param name="nowMs">The current time, on the clock the token codec and rate limits share.</param>
    /// <param name="load">Current connection counts, checked against the limits before accepting.</param>
    public RouteDecision<THandle> Route(ReadOnlyMemory<byte> datagram, IPEndPoint remote, long nowMs, EndpointLoad load)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var decision = Decide(datagram, remote, nowMs, load);
        Statistics.Record(decision);
        return decision;
    }

    private RouteDecision<THandle> Decide(ReadOnlyMemory<byte> datagram, IPEndPoint remote, long nowMs, EndpointLoad load)
    {
        ReadOnlySpan<byte> span = datagram.Span;
        if (span.IsEmpty)
            return Drop(DropReason.Empty);
        return HeaderBits.IsLongHeader(span[0])
            ? RouteLongHeader(datagram, remote, nowMs, load)
            : RouteShortHeader(span, nowMs);
    }

    private RouteDecision<THandle> RouteShortHeader(ReadOnlySpan<byte> span, long nowMs)
    {
        // RFC 9000 §17.3.1: a zero fixed bit MUST be discarded. A Stateless Reset always has it
        // set (§10.3), so nothing is lost by dropping before the reset token check.
        if ((span[0] & HeaderBits.FixedBit) == 0)
            return Drop(DropReason.FixedBitZero);
        int cidLength = _options.LocalConnectionIdLength;
        if (span.Length < 1 + cidLength)
            return Drop(DropReason.PacketTooShort);
        var dcid = span.Slice(1, cidLength);
        if (_lookup.TryGet(dcid, out var handle))
            return RouteDecision<THandle>.RouteToConnection(handle);
        if (TryMatchStatelessReset(span, out handle))
            return RouteDecision<THandle>.StatelessResetReceived(handle);
        return AnswerWithStatelessReset(span, dcid, nowMs);
    }

    private RouteDecision<THandle> RouteLongHeader(ReadOnlyMemory<byte> datagram, IPEndPoint remote, long nowMs, EndpointLoad load)
    {
        ReadOnlySpan<byte> span = datagram.Span;
        // The version-independent fields (RFC 8999 §5.1): enough to route, or to answer with VN.
        if (span.Length < LongHeaderInvariantLength)
            return Unattributable(span, DropReason.Malformed);
        uint version = BinaryPrimitives.ReadUInt32BigEndian(span[1..]);
        int dcidLength = span[5];
        if (span.Length < LongHeaderInvariantLength + dcidLength)
            return Unattributable(span, DropReason.Malformed);
        var dcid = span.Slice(6, dcidLength);
        int scidLength = span[6 + dcidLength];
        if (span.Length < LongHeaderInvariantLength + dcidLength + scidLength)
            return Unattributable(span, DropReason.Malformed);
        var scid = span.Slice(LongHeaderInvariantLength + dcidLength, scidLength);

        if (version == QuicVersion.Negotiation)
        {
            // Only a client connection waits for VN, and it is addressed to its SCID. Never answer
            // a VN (RFC 9000 §6.1).
            return _lookup.TryGet(dcid, out var client)
                ? RouteDecision<THandle>.RouteToConnection(client)
                : Unattributable(span, DropReason.VersionNegotiationUnknownConnection);
        }

        // RFC 9000 §5.2.2: only packets with a supported version are matched to connections.
        if (!IsSupported(version))
            return AnswerUnsupportedVersion(span, dcid, scid, nowMs);

        if (_lookup.TryGet(dcid, out var handle))
            return RouteDecision<THandle>.RouteToConnection(handle);

        var status = PacketHeaderParser.Parse(datagram, _options.LocalConnectionIdLength, out var header);
        if (status == PacketParseStatus.Malformed)
            return Unattributable(span, (span[0] & HeaderBits.FixedBit) == 0 ? DropReason.FixedBitZero : DropReason.Malformed);

        return header.Type switch
        {
            PacketType.Initial => RouteInitial(span, header, status, remote, nowMs, load),
            // RFC 9000 §5.2.2: 0-RTT MAY be buffered for a late Initial; we keep it only for a
            // connection already being created, never on a stranger's say-so.
            PacketType.ZeroRtt when _pending is not null && _pending.Contains(dcid) =>
                RouteDecision<THandle>.BufferForPendingConnection(new ConnectionId(dcid)),
            PacketType.ZeroRtt => Unattributable(span, DropReason.ZeroRttUnknownConnection),
            // Clients cannot send Handshake packets before hearing from us: SHOULD ignore (§5.2.2).
            PacketType.Handshake => Unattributable(span, DropReason.HandshakeUnknownConnection),
            _ => Unattributable(span, DropReason.RetryUnknownConnection),
        };
    }

    private RouteDecision<THandle> AnswerUnsupportedVersion(ReadOnlySpan<byte> span, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, long nowMs)
    {
        // Other versions might put a reset token at the end of a long header (RFC 9000 §10.3).
        if (TryMatchStatelessReset(span, out var reset))
            return RouteDecision<THandle>.StatelessResetReceived(reset);
        // Only a server negotiates versions; a client-only socket has nothing to offer a stranger.
        if (!_options.AcceptNewConnections)
            return Drop(DropReason.NotAcceptingConnections);
        // RFC 9000 §5.2.2: smaller packets with unsupported versions MUST be dropped; this also
        // keeps VN from amplifying (its size is bounded by the 1200+ bytes that asked for it).
        if (span.Length < MinInitialDatagramSize)
            return Drop(DropReason.UnsupportedVersionTooSmall);
        if (!_responseBucket.TryTake(nowMs))
            return Drop(DropReason.ResponseRateLimited);
        return RouteDecision<THandle>.SendVersionNegotiation(
            StatelessResponses.VersionNegotiation(_options.Random, dcid, scid, _versions));
    }

    /// <summary>
    /// A short header nobody claims: answer with a Stateless Reset sized by
    /// <see cref="StatelessResponses.GetStatelessResetLength"/>, within the reset rate limit (RFC 9000 §10.3.3).
    /// </summary>
    private RouteDecision<THandle> AnswerWithStatelessReset(ReadOnlySpan<byte> span, ReadOnlySpan<byte> dcid, long nowMs)
    {
        var generator = _options.StatelessResetTokens;
        if (generator is null)
            return Drop(DropReason.UnknownConnection);
        int length = StatelessResponses.GetStatelessResetLength(
            span.Length, _options.LocalConnectionIdLength, _options.MaxStatelessResetLength, _options.Random);
        if (length == 0)
            return Drop(DropReason.StatelessResetTriggerTooSmall);
        if (!_resetBucket.TryTake(nowMs))
            return Drop(DropReason.StatelessResetRateLimited);
        return RouteDecision<THandle>.SendStatelessReset(StatelessResponses.StatelessReset(length, dcid, generator, _options.Random));
    }

    /// <summary>
    /// RFC 9000 §10.3.1: when the first packet of a datagram cannot be associated with a
    /// connection, its last 16 bytes MUST be compared with the reset tokens our peers issued.
    /// Below 21 bytes nothing is a valid Stateless Reset (§10.3).
    /// </summary>
    private bool TryMatchStatelessReset(ReadOnlySpan<byte> span, out THandle handle)
    {
        handle = default!;
        return span.Length >= StatelessResponses.MinStatelessResetLength
            && _lookup.TryGetByStatelessResetToken(span[^StatelessResetToken.Length..], out handle!);
    }

    /// <summary>A drop, unless the datagram turns out to be a Stateless Reset for one of our connections.</summary>
    private RouteDecision<THandle> Unattributable(ReadOnlySpan<byte> span, DropReason reason) =>
        TryMatchStatelessReset(span, out var handle)
            ? RouteDecision<THandle>.StatelessResetReceived(handle)
            : Drop(reason);

    private bool IsSupported(uint version)
    {
        foreach (uint v in _versions)
            if (v == version) return true;
        return false;
    }

    private static RouteDecision<THandle> Drop(DropReason reason) => RouteDecision<THandle>.Drop(reason);
}
