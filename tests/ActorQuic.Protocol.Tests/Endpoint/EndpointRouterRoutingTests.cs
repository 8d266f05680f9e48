using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Endpoint.RouterHarness;

namespace ActorQuic.Protocol.Tests.Endpoint;

/// <summary>RFC 9000 §5.2: packets for connections we have go to them, by DCID, whatever their form.</summary>
public class EndpointRouterRoutingTests
{
    private static readonly ConnectionId Local = ConnectionId.FromHex("0a0b0c0d0e0f1011");

    private static (EndpointRouter<string> Router, TestTable Table) NewRouter(EndpointRouterOptions? options = null)
    {
        var table = new TestTable();
        table.ByConnectionId[Local] = "conn-A";
        table.ByConnectionId[ClientDcid] = "conn-server-odcid";
        return (new EndpointRouter<string>(options ?? ServerOptions(), table), table);
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Long_headers_with_a_known_dcid_go_to_their_connection(uint version)
    {
        var (router, _) = NewRouter();
        Assert.Equal("conn-A", router.Route(LongPacket(version, PacketType.Handshake, Local, ClientScid, 300)).Handle);
        Assert.Equal("conn-A", router.Route(LongPacket(version, PacketType.ZeroRtt, Local, ClientScid, 300)).Handle);
        // A retransmitted client Initial reaches the connection its first Initial created, not a new one.
        var initial = router.Route(ClientInitial(version, ClientDcid, ClientScid));
        Assert.Equal(RouteDecisionKind.RouteToConnection, initial.Kind);
        Assert.Equal("conn-server-odcid", initial.Handle);
        Assert.Equal(3, router.Statistics.RoutedToConnection);
    }

    [Fact]
    public void Short_headers_are_matched_on_the_local_connection_id_length()
    {
        var (router, _) = NewRouter();
        var decision = router.Route(OneRtt(Local, 60));
        Assert.Equal(RouteDecisionKind.RouteToConnection, decision.Kind);
        Assert.Equal("conn-A", decision.Handle);
        Assert.False(decision.HasResponse);
        // The same CID with a different local length configured is another CID altogether.
        var (router4, _) = NewRouter(new EndpointRouterOptions { AcceptNewConnections = true, LocalConnectionIdLength = 4 });
        Assert.Equal(DropReason.UnknownConnection, router4.Route(OneRtt(Local, 60)).DropReason);
    }

    [Fact]
    public void A_client_connection_on_the_same_socket_receives_server_packets_by_its_scid()
    {
        // One socket, both roles: the client connection registered its own SCID.
        var (router, table) = NewRouter(ClientOptions());
        var mine = ConnectionId.FromHex("5eed5eed5eed5eed");
        table.ByConnectionId[mine] = "client-conn";
        Assert.Equal("client-conn", router.Route(LongPacket(QuicVersion.V1, PacketType.Handshake, mine, ClientScid, 200)).Handle);

        // A Version Negotiation or Retry for the client connection is routed too (RFC 9000 §6.2, §17.2.5.2).
        var vn = new byte[VersionNegotiationPacket.GetLength(8, 8, 1)];
        VersionNegotiationPacket.Write(vn, 0, ClientDcid.Span, mine.Span, [0x1a2a3a4au]);
        Assert.Equal("client-conn", router.Route(vn).Handle);
        var retry = new byte[RetryPacket.GetLength(8, 8, 5)];
        RetryPacket.Write(retry, QuicVersion.V1, 0, mine.Span, Local.Span, [1, 2, 3, 4, 5], default);
        Assert.Equal("client-conn", router.Route(retry).Handle);
    }

    [Fact]
    public void Version_negotiation_for_nobody_is_dropped_and_never_answered()
    {
        var (router, _) = NewRouter();
        var vn = new byte[1200];
        int length = VersionNegotiationPacket.Write(vn, 0, ClientDcid.Span, ClientScid.Span, [QuicVersion.V1]);
        var decision = router.Route(vn[..length]);
        Assert.Equal(DropReason.VersionNegotiationUnknownConnection, decision.DropReason);
        // Even padded to 1200 bytes it is not mistaken for an unsupported version (RFC 9000 §6.1).
        Assert.Equal(RouteDecisionKind.Drop, router.Route(vn).Kind);
        Assert.Equal(0, router.Statistics.VersionNegotiationsSent);
    }

    [Theory]
    [InlineData(PacketType.ZeroRtt, DropReason.ZeroRttUnknownConnection)]
    [InlineData(PacketType.Handshake, DropReason.HandshakeUnknownConnection)]
    public void Zero_rtt_and_handshake_for_unknown_dcids_are_dropped(PacketType type, DropReason reason)
    {
        var (router, _) = NewRouter();
        var decision = router.Route(LongPacket(QuicVersion.V1, type, ConnectionId.FromHex("abababababababab"), ClientScid, 1200));
        Assert.Equal(RouteDecisionKind.Drop, decision.Kind);
        Assert.Equal(reason, decision.DropReason);
        Assert.Equal(1, router.Statistics.Dropped(reason));
    }

    [Fact]
    public void Retry_for_no_client_connection_is_dropped()
    {
        var (router, _) = NewRouter();
        var retry = new byte[RetryPacket.GetLength(8, 8, 5)];
        RetryPacket.Write(retry, QuicVersion.V1, 0, ClientScid.Span, Local.Span, [1, 2, 3, 4, 5], default);
        retry[6] ^= 0xff; // a DCID nobody owns
        Assert.Equal(DropReason.RetryUnknownConnection, router.Route(retry).DropReason);
    }

    [Fact]
    public void Fixed_bit_zero_is_dropped_in_both_header_forms()
    {
        var (router, _) = NewRouter();
        var shortPacket = OneRtt(ConnectionId.FromHex("9999999999999999"), 80);
        shortPacket[0] &= unchecked((byte)~HeaderBits.FixedBit);
        Assert.Equal(DropReason.FixedBitZero, router.Route(shortPacket).DropReason);
        var initial = ClientInitial(QuicVersion.V1, ConnectionId.FromHex("9999999999999999"), ClientScid);
        initial[0] &= unchecked((byte)~HeaderBits.FixedBit);
        Assert.Equal(DropReason.FixedBitZero, router.Route(initial).DropReason);
    }

    [Fact]
    public void Truncated_and_empty_datagrams_are_dropped()
    {
        var (router, _) = NewRouter();
        Assert.Equal(DropReason.Empty, router.Route([]).DropReason);
        Assert.Equal(DropReason.PacketTooShort, router.Route(OneRtt(Local, 60)[..5]).DropReason);
        Assert.Equal(DropReason.Malformed, router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid)[..5]).DropReason);
        // Length field overrunning the datagram: cannot be delimited.
        var initial = ClientInitial(QuicVersion.V1, ConnectionId.FromHex("7777777777777777"), ClientScid);
        Assert.Equal(DropReason.Malformed, router.Route(initial[..1100]).DropReason);
    }

    [Fact]
    public void A_datagram_ending_in_a_peer_reset_token_is_a_stateless_reset_for_that_connection()
    {
        // RFC 9000 §10.3.1: the server lost our client connection's state and resets it with a
        // random DCID; only the trailing token identifies the connection.
        var (router, table) = NewRouter(ClientOptions());
        var token = StatelessResetToken.FromHex("00112233445566778899aabbccddeeff");
        table.ByResetToken[token] = "client-conn";
        var reset = new byte[30];
        new Random(5).NextBytes(reset);
        reset[0] = 0x47;
        token.Span.CopyTo(reset.AsSpan(14));
        var decision = router.Route(reset);
        Assert.Equal(RouteDecisionKind.StatelessResetReceived, decision.Kind);
        Assert.Equal("client-conn", decision.Handle);
        Assert.Equal(1, router.Statistics.StatelessResetsReceived);

        // Another version might send it with a long header: still a reset (§10.3).
        reset[0] = 0xc5;
        Assert.Equal(RouteDecisionKind.StatelessResetReceived, router.Route(reset).Kind);
        // Under 21 bytes nothing is a reset, and nobody is asked.
        int lookups = table.ResetTokenLookups;
        Assert.Equal(RouteDecisionKind.Drop, router.Route(reset[^20..]).Kind);
        Assert.Equal(lookups, table.ResetTokenLookups);
    }
}
