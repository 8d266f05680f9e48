using System.Collections.ObjectModel;
using ActorQuic.Protocol.Endpoint;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>
/// Endpoint → the sender of <see cref="GetEndpointStatistics"/>: an immutable snapshot of what the
/// endpoint decided, shed and holds. Router counters come from <see cref="EndpointStatistics"/>;
/// the rest is the actor's own (intake, connections, table, send failures).
/// </summary>
public sealed record EndpointStatisticsReport
{
    // Router decisions (EndpointStatistics).
    public long TotalDatagrams { get; init; }
    public long RoutedToConnection { get; init; }
    public long StatelessResetsReceived { get; init; }
    public long ConnectionsAccepted { get; init; }
    public long BufferedForPendingConnection { get; init; }
    public long VersionNegotiationsSent { get; init; }
    public long RetriesSent { get; init; }
    public long InvalidTokenClosesSent { get; init; }
    public long ConnectionRefusedClosesSent { get; init; }
    public long StatelessResetsSent { get; init; }
    public long TotalDropped { get; init; }

    /// <summary>Router drops by reason (reasons never seen are absent).</summary>
    public IReadOnlyDictionary<DropReason, long> DroppedByReason { get; init; } = ReadOnlyDictionary<DropReason, long>.Empty;

    // Intake (socket thread → actor).
    /// <summary>Datagrams the intake handed to the actor.</summary>
    public long IntakeAccepted { get; init; }

    /// <summary>Datagrams the intake dropped because too many were waiting for the actor.</summary>
    public long IntakeShed { get; init; }

    /// <summary>Datagrams the intake dropped because their source was not an IP endpoint.</summary>
    public long IntakeNotIp { get; init; }

    /// <summary>Datagrams between the socket thread and the actor when the snapshot was taken.</summary>
    public long IntakeInFlight { get; init; }

    // The actor's own.
    /// <summary>Live connection actors of both roles.</summary>
    public int Connections { get; init; }

    /// <summary>Server connections that have not reported <see cref="HandshakeCompleted"/>.</summary>
    public int HandshakesInProgress { get; init; }

    public int ClientConnections { get; init; }
    public int ConnectionIdCount { get; init; }
    public int PeerResetTokenCount { get; init; }

    /// <summary>Connection actors that failed (threw) and were stopped.</summary>
    public long ConnectionFailures { get; init; }

    /// <summary>Connections the endpoint decided to create but could not (a Props factory or spawn threw).</summary>
    public long ConnectionCreationFailures { get; init; }

    /// <summary>Datagrams the pending-Initial buffer refused or expired (RFC 9000 §5.2.2 bounded buffering).</summary>
    public long PendingShed { get; init; }

    /// <summary>Stateless responses (VN, Retry, close, reset) the transport refused to send.</summary>
    public long ResponseSendFailures { get; init; }

    /// <summary>Copies the router's counters; the caller adds the actor's own.</summary>
    public static EndpointStatisticsReport FromRouter(EndpointStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var dropped = new Dictionary<DropReason, long>();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            long n = statistics.Dropped(reason);
            if (n != 0)
                dropped.Add(reason, n);
        }
        return new EndpointStatisticsReport
        {
            TotalDatagrams = statistics.TotalDatagrams,
            RoutedToConnection = statistics.RoutedToConnection,
            StatelessResetsReceived = statistics.StatelessResetsReceived,
            ConnectionsAccepted = statistics.ConnectionsAccepted,
            BufferedForPendingConnection = statistics.BufferedForPendingConnection,
            VersionNegotiationsSent = statistics.VersionNegotiationsSent,
            RetriesSent = statistics.RetriesSent,
            InvalidTokenClosesSent = statistics.InvalidTokenClosesSent,
            ConnectionRefusedClosesSent = statistics.ConnectionRefusedClosesSent,
            StatelessResetsSent = statistics.StatelessResetsSent,
            TotalDropped = statistics.TotalDropped,
            DroppedByReason = dropped.AsReadOnly(),
        };
    }

    /// <summary>Datagrams dropped by the router for <paramref name="reason"/>.</summary>
    public long Dropped(DropReason reason) => DroppedByReason.TryGetValue(reason, out long n) ? n : 0;
}
