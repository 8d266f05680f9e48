namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Counts of what an <see cref="EndpointRouter{THandle}"/> decided: what it shed (drops by
/// reason, replies the rate limits suppressed) and what it answered. Plain counters with no
/// clock or I/O; the dispatcher exports them as metrics. Owned by the router's one owner.
/// </summary>
public sealed class EndpointStatistics
{
    private readonly long[] _dropped = new long[(int)DropReason.ResponseRateLimited + 1];

    public long RoutedToConnection { get; private set; }
    public long StatelessResetsReceived { get; private set; }
    public long ConnectionsAccepted { get; private set; }
    public long BufferedForPendingConnection { get; private set; }
    public long VersionNegotiationsSent { get; private set; }
    public long RetriesSent { get; private set; }
    public long InvalidTokenClosesSent { get; private set; }
    public long ConnectionRefusedClosesSent { get; private set; }
    public long StatelessResetsSent { get; private set; }

    /// <summary>Stateless Resets that were due but suppressed by the rate limit (RFC 9000 §10.3.3).</summary>
    public long StatelessResetsRateLimited => Dropped(DropReason.StatelessResetRateLimited);

    /// <summary>Version Negotiation packets and Initial closes suppressed by the rate limit.</summary>
    public long ResponsesRateLimited => Dropped(DropReason.ResponseRateLimited);

    /// <summary>Datagrams dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DropReason reason) => (uint)reason < (uint)_dropped.Length ? _dropped[(int)reason] : 0;

    public long TotalDropped
    {
        get
        {
            long total = 0;
            foreach (long n in _dropped) total += n;
            return total;
        }
    }

    /// <summary>Datagrams seen: every decision counts once.</summary>
    public long TotalDatagrams =>
        TotalDropped + RoutedToConnection + StatelessResetsReceived + ConnectionsAccepted + BufferedForPendingConnection
        + VersionNegotiationsSent + RetriesSent + InvalidTokenClosesSent + ConnectionRefusedClosesSent + StatelessResetsSent;

    /// <summary>Counts one decision.</summary>
    public void Record<THandle>(in RouteDecision<THandle> decision)
    {
        switch (decision.Kind)
        {
            case RouteDecisionKind.Drop: _dropped[(int)decision.DropReason]++; break;
            case RouteDecisionKind.RouteToConnection: RoutedToConnection++; break;
            case RouteDecisionKind.StatelessResetReceived: StatelessResetsReceived++; break;
            case RouteDecisionKind.AcceptNewConnection: ConnectionsAccepted++; break;
            case RouteDecisionKind.BufferForPendingConnection: BufferedForPendingConnection++; break;
            case RouteDecisionKind.SendVersionNegotiation: VersionNegotiationsSent++; break;
            case RouteDecisionKind.SendRetry: RetriesSent++; break;
            case RouteDecisionKind.SendInitialClose when decision.CloseErrorCode == TransportErrorCode.InvalidToken: InvalidTokenClosesSent++; break;
            case RouteDecisionKind.SendInitialClose: ConnectionRefusedClosesSent++; break;
            case RouteDecisionKind.SendStatelessReset: StatelessResetsSent++; break;
        }
    }

    public override string ToString() =>
        $"routed {RoutedToConnection}, accepted {ConnectionsAccepted}, buffered {BufferedForPendingConnection}, "
        + $"VN {VersionNegotiationsSent}, Retry {RetriesSent}, INVALID_TOKEN {InvalidTokenClosesSent}, "
        + $"refused {ConnectionRefusedClosesSent}, resets sent {StatelessResetsSent} (rate-limited {StatelessResetsRateLimited}), "
        + $"resets received {StatelessResetsReceived}, dropped {TotalDropped}";
}
