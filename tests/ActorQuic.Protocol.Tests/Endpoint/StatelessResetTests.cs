using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Endpoint.RouterHarness;

namespace ActorQuic.Protocol.Tests.Endpoint;

/// <summary>RFC 9000 §10.3: answering short headers nobody owns, within the size and looping rules.</summary>
public class StatelessResetTests
{
    private static readonly ConnectionId Lost = ConnectionId.FromHex("deadbeef01020304");

    private static EndpointRouter<string> NewRouter(double perSecond = 1_000, int burst = 1_000, int seed = 1234) =>
        new(ServerOptions(seed, resetsPerSecond: perSecond, resetBurst: burst), new TestTable());

    [Theory]
    [InlineData(29)]
    [InlineData(30)]
    [InlineData(43)]
    [InlineData(44)]
    [InlineData(100)]
    [InlineData(1200)]
    [InlineData(1500)]
    public void A_reset_for_an_unknown_dcid_carries_its_token_and_is_smaller_than_the_trigger(int size)
    {
        var router = NewRouter();
        var decision = router.Route(OneRtt(Lost, size));
        Assert.Equal(RouteDecisionKind.SendStatelessReset, decision.Kind);
        var reset = decision.Response.Span;
        // §10.3.3: strictly smaller than the trigger; §10.3: at least 21 bytes; 0b01 first bits.
        Assert.True(reset.Length < size);
        Assert.True(reset.Length >= 21);
        Assert.Equal(0x40, reset[0] & 0xc0);
        // The token the connection would have issued for that CID (§10.3.2).
        Assert.True(NewResetGenerator().Matches(Lost.Span, reset[^16..]));
        if (size <= 43)
            Assert.Equal(size - 1, reset.Length); // §10.3 SHOULD: one byte shorter
        else
            Assert.InRange(reset.Length, 42, Math.Min(size - 1, 64));
        Assert.Equal(1, router.Statistics.StatelessResetsSent);
    }

    [Fact]
    public void Triggers_too_small_to_be_valid_packets_are_not_answered()
    {
        // 1 + 8-byte CID + 20 (RFC 9001 §5.4.2 sample) = 29: anything shorter is invalid anyway.
        var router = NewRouter();
        for (int size = 9; size < 29; size++)
        {
            var datagram = OneRtt(Lost, 40)[..size];
            Assert.Equal(DropReason.StatelessResetTriggerTooSmall, router.Route(datagram).DropReason);
        }
        Assert.Equal(0, router.Statistics.StatelessResetsSent);
    }

    [Fact]
    public void Resets_look_random_apart_from_the_token()
    {
        var router = NewRouter();
        var a = router.Route(OneRtt(Lost, 100)).Response.ToArray();
        var b = router.Route(OneRtt(Lost, 100)).Response.ToArray();
        Assert.Equal(a[^16..], b[^16..]);
        Assert.NotEqual(a[1..5], b[1..5]);
    }

    [Fact]
    public void Two_endpoints_resetting_each_other_stop()
    {
        // §10.3.3 looping: each reset is smaller than its trigger, so the exchange dies out.
        var left = NewRouter(seed: 1);
        var right = NewRouter(seed: 2);
        byte[] datagram = OneRtt(Lost, 1400);
        int rounds = 0;
        while (true)
        {
            var decision = (rounds % 2 == 0 ? right : left).Route(datagram);
            if (decision.Kind != RouteDecisionKind.SendStatelessReset) break;
            Assert.True(decision.Response.Length < datagram.Length);
            datagram = decision.Response.ToArray();
            rounds++;
            Assert.True(rounds < 100);
        }
        Assert.InRange(rounds, 1, 64);
    }

    [Fact]
    public void Resets_are_rate_limited_by_a_token_bucket()
    {
        var router = NewRouter(perSecond: 10, burst: 4);
        var trigger = OneRtt(Lost, 80);
        var burst = Enumerable.Range(0, 10).Select(_ => router.Route(trigger, nowMs: 0).Kind).ToList();
        Assert.Equal(4, burst.Count(k => k == RouteDecisionKind.SendStatelessReset));
        Assert.Equal(6, router.Statistics.StatelessResetsRateLimited);
        Assert.Equal(6, router.Statistics.Dropped(DropReason.StatelessResetRateLimited));

        // After one second at 10/s: 4 more at most (the bucket holds 4).
        var later = Enumerable.Range(0, 10).Select(_ => router.Route(trigger, nowMs: 1_000).Kind).ToList();
        Assert.Equal(4, later.Count(k => k == RouteDecisionKind.SendStatelessReset));
        // 100 ms: one.
        Assert.Equal(RouteDecisionKind.SendStatelessReset, router.Route(trigger, nowMs: 1_100).Kind);
        Assert.Equal(RouteDecisionKind.Drop, router.Route(trigger, nowMs: 1_100).Kind);
        // A clock that jumps back adds nothing.
        Assert.Equal(RouteDecisionKind.Drop, router.Route(trigger, nowMs: 0).Kind);
        Assert.Equal(9, router.Statistics.StatelessResetsSent);
    }

    [Fact]
    public void Without_a_generator_no_resets_are_sent()
    {
        var router = new EndpointRouter<string>(new EndpointRouterOptions { AcceptNewConnections = true }, new TestTable());
        Assert.Equal(DropReason.UnknownConnection, router.Route(OneRtt(Lost, 200)).DropReason);
    }

    [Theory]
    [InlineData(0, 22, 21)]
    [InlineData(0, 21, 0)]
    [InlineData(20, 40, 0)]
    [InlineData(20, 41, 40)]
    [InlineData(8, 43, 42)]
    [InlineData(8, 500, -1)]
    public void Reset_length_rule(int cidLength, int trigger, int expected)
    {
        var random = new Random(1);
        int length = StatelessResponses.GetStatelessResetLength(trigger, cidLength, 64, span => random.NextBytes(span));
        if (expected >= 0)
            Assert.Equal(expected, length);
        else
            Assert.InRange(length, 42, 64);
    }

    [Fact]
    public void Reset_lengths_cover_the_range_and_respect_a_low_cap()
    {
        var random = new Random(7);
        var seen = new HashSet<int>();
        for (int i = 0; i < 2_000; i++)
            seen.Add(StatelessResponses.GetStatelessResetLength(1200, 8, 64, span => random.NextBytes(span)));
        Assert.Equal(Enumerable.Range(42, 23).ToHashSet(), seen);
        // A cap under 42 is honoured, still never under 21.
        Assert.Equal(30, StatelessResponses.GetStatelessResetLength(1200, 8, 30, span => random.NextBytes(span)));
        Assert.Equal(30, StatelessResponses.GetStatelessResetLength(40, 8, 30, span => random.NextBytes(span)));
    }
}
