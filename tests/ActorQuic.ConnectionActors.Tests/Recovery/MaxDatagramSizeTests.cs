using ActorQuic.ConnectionActors;

namespace ActorQuic.ConnectionActors.Tests.Recovery;

/// <summary>The sender never exceeds the peer's max_udp_payload_size (RFC 9000 §18.2) nor its local maximum.</summary>
public sealed class MaxDatagramSizeTests
{
    [Theory]
    [InlineData(65_527UL, 1200, 1200)] // the peer's default; our default local maximum
    [InlineData(65_527UL, 1452, 1452)]
    [InlineData(1300UL, 1452, 1300)] // the peer's limit binds
    [InlineData(1200UL, 1500, 1200)]
    [InlineData(ulong.MaxValue, 1452, 1452)]
    public void Chooses_the_smaller_of_the_peer_and_local_limits(ulong peer, int local, int expected) =>
        Assert.Equal(expected, SenderActor.ChooseMaxDatagramSize(peer, local));

    [Fact]
    public void Never_goes_below_the_QUIC_minimum() =>
        Assert.Equal(1200, SenderActor.ChooseMaxDatagramSize(1000, 1452));
}
