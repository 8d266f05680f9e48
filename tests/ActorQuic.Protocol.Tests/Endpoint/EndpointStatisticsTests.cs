using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Endpoint.RouterHarness;

namespace ActorQuic.Protocol.Tests.Endpoint;

public class EndpointStatisticsTests
{
    [Fact]
    public void Each_decision_lands_in_its_own_counter()
    {
        var stats = new EndpointStatistics();
        stats.Record(RouteDecision<int>.Drop(DropReason.FixedBitZero));
        stats.Record(RouteDecision<int>.Drop(DropReason.FixedBitZero));
        stats.Record(RouteDecision<int>.Drop(DropReason.StatelessResetRateLimited));
        stats.Record(RouteDecision<int>.Drop(DropReason.ResponseRateLimited));
        stats.Record(RouteDecision<int>.RouteToConnection(3));
        stats.Record(RouteDecision<int>.StatelessResetReceived(3));
        stats.Record(RouteDecision<int>.Accept(default));
        stats.Record(RouteDecision<int>.BufferForPendingConnection(ClientDcid));
        stats.Record(RouteDecision<int>.SendVersionNegotiation([1]));
        stats.Record(RouteDecision<int>.SendRetry([1]));
        stats.Record(RouteDecision<int>.SendInitialClose([1], TransportErrorCode.InvalidToken));
        stats.Record(RouteDecision<int>.SendInitialClose([1], TransportErrorCode.ConnectionRefused));
        stats.Record(RouteDecision<int>.SendStatelessReset([1]));

        Assert.Equal(2, stats.Dropped(DropReason.FixedBitZero));
        Assert.Equal(1, stats.StatelessResetsRateLimited);
        Assert.Equal(1, stats.ResponsesRateLimited);
        Assert.Equal(4, stats.TotalDropped);
        Assert.Equal(1, stats.RoutedToConnection);
        Assert.Equal(1, stats.StatelessResetsReceived);
        Assert.Equal(1, stats.ConnectionsAccepted);
        Assert.Equal(1, stats.BufferedForPendingConnection);
        Assert.Equal(1, stats.VersionNegotiationsSent);
        Assert.Equal(1, stats.RetriesSent);
        Assert.Equal(1, stats.InvalidTokenClosesSent);
        Assert.Equal(1, stats.ConnectionRefusedClosesSent);
        Assert.Equal(1, stats.StatelessResetsSent);
        Assert.Equal(13, stats.TotalDatagrams);
        Assert.Contains("resets sent 1 (rate-limited 1)", stats.ToString());
    }

    [Fact]
    public void The_router_counts_every_datagram()
    {
        var router = new EndpointRouter<string>(ServerOptions(), new TestTable());
        router.Route([]);
        router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid));
        router.Route(OneRtt(ConnectionId.FromHex("0102030405060708"), 100));
        Assert.Equal(3, router.Statistics.TotalDatagrams);
        Assert.Equal(1, router.Statistics.Dropped(DropReason.Empty));
        Assert.Equal(1, router.Statistics.ConnectionsAccepted);
        Assert.Equal(1, router.Statistics.StatelessResetsSent);
    }
}
