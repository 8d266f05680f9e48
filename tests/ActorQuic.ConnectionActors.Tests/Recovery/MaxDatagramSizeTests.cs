using System.Net;
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

    [Theory]
    [InlineData("127.0.0.1", SenderActor.LoopbackMaxDatagramSize)]
    [InlineData("127.3.4.5", SenderActor.LoopbackMaxDatagramSize)]
    [InlineData("::1", SenderActor.LoopbackMaxDatagramSize)]
    [InlineData("::ffff:127.0.0.1", SenderActor.LoopbackMaxDatagramSize)]
    [InlineData("192.0.2.1", SenderActor.DefaultLocalMaxDatagramSize)] // unknown path: RFC 9000 §14.3
    [InlineData("2001:db8::1", SenderActor.DefaultLocalMaxDatagramSize)]
    public void The_local_maximum_is_larger_only_towards_loopback(string address, int expected) =>
        Assert.Equal(expected, SenderActor.LocalMaxDatagramSizeFor(new IPEndPoint(IPAddress.Parse(address), 443)));

    [Fact]
    public void Never_goes_below_the_QUIC_minimum() =>
        Assert.Equal(1200, SenderActor.ChooseMaxDatagramSize(1000, 1452));
}
