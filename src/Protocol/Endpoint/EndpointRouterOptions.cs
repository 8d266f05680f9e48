using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Configuration of an <see cref="EndpointRouter{THandle}"/>: which versions the endpoint speaks,
/// whether it plays the server role on its socket, how it validates addresses, and how much
/// it will answer strangers. Checked by <see cref="Validate"/> when the router is built.
/// </summary>
public sealed class EndpointRouterOptions
{
    /// <summary>
    /// Length of every connection ID this endpoint issues (both roles). Short headers do not
    /// encode it, so it must be fixed per endpoint (RFC 9000 §5.2, §10.3.2). 1-20; 0 only for a
    /// client-only endpoint, which then cannot send Stateless Resets.
    /// </summary>
    public int LocalConnectionIdLength { get; init; } = 8;

    /// <summary>Versions accepted, in the order a Version Negotiation packet lists them (RFC 9000 §6.1, RFC 9369).</summary>
    public IReadOnlyList<uint> SupportedVersions { get; init; } = [QuicVersion.V1, QuicVersion.V2];

    /// <summary>Server role on: client Initials may create connections, and unknown versions get Version Negotiation.</summary>
    public bool AcceptNewConnections { get; init; }

    /// <summary>
    /// Send a Retry (RFC 9000 §8.1.2) to every client Initial without a valid token, so only
    /// clients that proved their address get a connection. Needs <see cref="TokenCodec"/>.
    /// </summary>
    public bool RequireRetry { get; init; }

    /// <summary>Makes and checks Retry and NEW_TOKEN tokens; without it tokens are ignored and Retry is impossible.</summary>
    public AddressTokenCodec? TokenCodec { get; init; }

    /// <summary>
    /// Derives the stateless reset token of a local connection ID (RFC 9000 §10.3.2); the same
    /// generator must issue the tokens the connections send. Null: never send Stateless Resets.
    /// </summary>
    public StatelessResetTokenGenerator? StatelessResetTokens { get; init; }

    /// <summary>Live connections (both roles) above which new ones are refused.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Server handshakes in progress above which new connections are refused (an Initial-flood guard).</summary>
    public int MaxHandshakesInProgress { get; init; } = 1_000;

    /// <summary>
    /// Over a limit, answer with an Initial CONNECTION_CLOSE carrying CONNECTION_REFUSED
    /// (RFC 9000 §5.2.2 SHOULD) rather than dropping silently.
    /// </summary>
    public bool RefuseWithConnectionClose { get; init; } = true;

    /// <summary>Stateless Resets sent per second in the long run (RFC 9000 §10.3.3 limit).</summary>
    public double StatelessResetsPerSecond { get; init; } = 100;

    /// <summary>Stateless Resets that may be sent back to back.</summary>
    public int StatelessResetBurst { get; init; } = 20;

    /// <summary>Version Negotiation packets and Initial CONNECTION_CLOSEs sent per second (RFC 9000 §5.2.2 MAY limit).</summary>
    public double ResponsesPerSecond { get; init; } = 1_000;

    /// <summary>Version Negotiation packets and Initial CONNECTION_CLOSEs that may be sent back to back.</summary>
    public int ResponseBurst { get; init; } = 100;

    /// <summary>
    /// Upper bound on a Stateless Reset's size. Resets are always smaller than their trigger
    /// (RFC 9000 §10.3.3); for big triggers the size is drawn between 42 and this, so it neither
    /// marks the packet as a reset (§10.3.3: under 41 bytes may be identifiable) nor amplifies.
    /// </summary>
    public int MaxStatelessResetLength { get; init; } = 64;

    /// <summary>Randomness for Retry connection IDs, reset bytes and unused header bits.</summary>
    public RandomBytesSource Random { get; init; } = RandomNumberGenerator.Fill;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if ((uint)LocalConnectionIdLength > ConnectionId.MaxLength)
            throw new ArgumentException("LocalConnectionIdLength must be 0-20 (RFC 9000 §17.2)", nameof(LocalConnectionIdLength));
        if (SupportedVersions is null || SupportedVersions.Count == 0)
            throw new ArgumentException("at least one version is required", nameof(SupportedVersions));
        foreach (uint version in SupportedVersions)
            if (!QuicVersion.IsSupported(version))
                throw new ArgumentException($"version 0x{version:x8} is not implemented", nameof(SupportedVersions));
        if (AcceptNewConnections && LocalConnectionIdLength == 0)
            throw new ArgumentException("a server routes by connection ID: LocalConnectionIdLength must be at least 1", nameof(LocalConnectionIdLength));
        if (StatelessResetTokens is not null && LocalConnectionIdLength == 0)
            throw new ArgumentException("zero-length connection IDs cannot be reset statelessly (RFC 9000 §10.3.2)", nameof(StatelessResetTokens));
        if (RequireRetry && TokenCodec is null)
            throw new ArgumentException("RequireRetry needs a TokenCodec", nameof(TokenCodec));
        if (MaxConnections < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxConnections), MaxConnections, "must not be negative");
        if (MaxHandshakesInProgress < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxHandshakesInProgress), MaxHandshakesInProgress, "must not be negative");
        if (!(StatelessResetsPerSecond >= 0) || double.IsInfinity(StatelessResetsPerSecond))
            throw new ArgumentOutOfRangeException(nameof(StatelessResetsPerSecond), StatelessResetsPerSecond, "a finite rate >= 0");
        if (StatelessResetBurst < 0)
            throw new ArgumentOutOfRangeException(nameof(StatelessResetBurst), StatelessResetBurst, "must not be negative");
        if (!(ResponsesPerSecond >= 0) || double.IsInfinity(ResponsesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(ResponsesPerSecond), ResponsesPerSecond, "a finite rate >= 0");
        if (ResponseBurst < 0)
            throw new ArgumentOutOfRangeException(nameof(ResponseBurst), ResponseBurst, "must not be negative");
        if (MaxStatelessResetLength < StatelessResponses.MinStatelessResetLength)
            throw new ArgumentOutOfRangeException(nameof(MaxStatelessResetLength), MaxStatelessResetLength,
                $"a Stateless Reset is at least {StatelessResponses.MinStatelessResetLength} bytes (RFC 9000 §10.3)");
        if (Random is null)
            throw new ArgumentException("a randomness source is required", nameof(Random));
    }
}
