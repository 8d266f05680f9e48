using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Endpoint.RouterHarness;

namespace ActorQuic.Protocol.Tests.Endpoint;

/// <summary>RFC 9000 §5.2.2, §7.2, §14.1: which client Initials open a server connection, and the limits.</summary>
public class EndpointRouterAcceptTests
{
    private static EndpointRouter<string> NewRouter(EndpointRouterOptions? options = null, PendingInitialBuffer? pending = null) =>
        new(options ?? ServerOptions(), new TestTable(), pending);

    [Theory]
    [InlineData(QuicVersion.V1, 1200)]
    [InlineData(QuicVersion.V2, 1200)]
    [InlineData(QuicVersion.V1, 1452)]
    public void A_valid_client_initial_opens_a_connection(uint version, int size)
    {
        var router = NewRouter();
        var decision = router.Route(ClientInitial(version, ClientDcid, ClientScid, datagramSize: size));
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, decision.Kind);
        var c = decision.Connection;
        Assert.Equal(version, c.Version);
        Assert.Equal(ClientDcid, c.DestinationConnectionId);
        Assert.Equal(ClientDcid, c.OriginalDestinationConnectionId);
        Assert.Equal(ClientScid, c.SourceConnectionId);
        Assert.True(c.RetrySourceConnectionId.IsEmpty);
        Assert.Equal(InitialTokenStatus.None, c.Token);
        Assert.False(c.AddressValidated);
        Assert.False(c.WasRetried);
        Assert.Equal(1, router.Statistics.ConnectionsAccepted);
    }

    [Fact]
    public void An_initial_in_a_datagram_under_1200_bytes_is_discarded()
    {
        // RFC 9000 §14.1: MUST discard, whatever the packet says.
        var router = NewRouter();
        var decision = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, datagramSize: 1199));
        Assert.Equal(DropReason.InitialDatagramTooSmall, decision.DropReason);
    }

    [Fact]
    public void Coalescing_counts_toward_the_1200_bytes()
    {
        // RFC 9000 §14.1: a client may reach 1200 bytes by coalescing instead of padding (§12.2).
        var router = NewRouter();
        var initial = ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, datagramSize: 900);
        var zeroRtt = LongPacket(QuicVersion.V1, PacketType.ZeroRtt, ClientDcid, ClientScid, 300);
        var decision = router.Route([.. initial, .. zeroRtt]);
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, decision.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_first_initial_with_a_dcid_under_8_bytes_is_dropped(int length)
    {
        // RFC 9000 §7.2: the client's first DCID is at least 8 unpredictable bytes.
        var router = NewRouter();
        var dcid = new ConnectionId(Enumerable.Range(1, length).Select(i => (byte)i).ToArray());
        Assert.Equal(DropReason.InitialConnectionIdTooShort, router.Route(ClientInitial(QuicVersion.V1, dcid, ClientScid)).DropReason);
    }

    [Fact]
    public void A_20_byte_dcid_and_an_empty_scid_are_accepted()
    {
        var router = NewRouter();
        var dcid = new ConnectionId(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
        var decision = router.Route(ClientInitial(QuicVersion.V2, dcid, ConnectionId.Empty));
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, decision.Kind);
        Assert.Equal(dcid, decision.Connection.OriginalDestinationConnectionId);
        Assert.True(decision.Connection.SourceConnectionId.IsEmpty);
    }

    [Fact]
    public void A_client_only_endpoint_never_accepts_or_negotiates()
    {
        var router = new EndpointRouter<string>(ClientOptions(), new TestTable());
        Assert.Equal(DropReason.NotAcceptingConnections, router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid)).DropReason);
        var unknownVersion = ClientInitial(QuicVersion.V1, ClientDcid, ClientScid);
        unknownVersion[1] = 0x7f;
        Assert.Equal(DropReason.NotAcceptingConnections, router.Route(unknownVersion).DropReason);
        Assert.Equal(2, router.Statistics.TotalDropped);
    }

    [Fact]
    public void A_version_the_endpoint_has_switched_off_is_negotiated_not_accepted()
    {
        var router = NewRouter(ServerOptions(versions: [QuicVersion.V1]));
        var decision = router.Route(ClientInitial(QuicVersion.V2, ClientDcid, ClientScid));
        Assert.Equal(RouteDecisionKind.SendVersionNegotiation, decision.Kind);
        Assert.True(VersionNegotiationPacket.TryParse(decision.Response, out var vn));
        Assert.Equal(1, vn.SupportedVersions.Count);
        Assert.Equal(QuicVersion.V1, vn.SupportedVersions[0]);
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(5, 10)]
    public void Over_a_limit_the_server_refuses_with_an_initial_connection_close(int connections, int handshakes)
    {
        // RFC 9000 §5.2.2: SHOULD send an Initial with CONNECTION_CLOSE and CONNECTION_REFUSED.
        var router = NewRouter(ServerOptions(maxConnections: 100, maxHandshakes: 10));
        var decision = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid), load: new EndpointLoad(connections, handshakes));
        Assert.Equal(RouteDecisionKind.SendInitialClose, decision.Kind);
        Assert.Equal(TransportErrorCode.ConnectionRefused, decision.CloseErrorCode);
        var close = OpenServerInitial(decision.Response.ToArray(), QuicVersion.V1, ClientDcid, ClientScid)
            .OfType<ConnectionCloseFrame>().Single();
        Assert.False(close.IsApplicationError);
        Assert.Equal((ulong)TransportErrorCode.ConnectionRefused, close.ErrorCode);
        Assert.Equal(1, router.Statistics.ConnectionRefusedClosesSent);

        // Just under both limits, the same Initial is accepted.
        var accepted = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid), load: new EndpointLoad(99, 9));
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, accepted.Kind);
    }

    [Fact]
    public void Over_a_limit_with_refusal_switched_off_the_initial_is_dropped()
    {
        var router = NewRouter(ServerOptions(maxHandshakes: 1, refuseWithClose: false));
        Assert.Equal(DropReason.ConnectionLimit, router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid), load: new EndpointLoad(1, 1)).DropReason);
    }

    [Fact]
    public void Refusals_are_rate_limited()
    {
        var router = NewRouter(ServerOptions(responsesPerSecond: 10, responseBurst: 3));
        var initial = ClientInitial(QuicVersion.V1, ClientDcid, ClientScid);
        var busy = new EndpointLoad(1_000, 1_000);
        var kinds = Enumerable.Range(0, 6).Select(_ => router.Route(initial, nowMs: 5_000, load: busy).Kind).ToList();
        Assert.Equal(3, kinds.Count(k => k == RouteDecisionKind.SendInitialClose));
        Assert.Equal(3, router.Statistics.ResponsesRateLimited);
        // 100 ms later one more token has dripped in (10 per second).
        Assert.Equal(RouteDecisionKind.SendInitialClose, router.Route(initial, nowMs: 5_100, load: busy).Kind);
        Assert.Equal(RouteDecisionKind.Drop, router.Route(initial, nowMs: 5_100, load: busy).Kind);
    }

    [Fact]
    public void Further_initials_for_a_connection_being_created_are_buffered_under_its_original_dcid()
    {
        var pending = new PendingInitialBuffer();
        var router = NewRouter(pending: pending);
        var first = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid));
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, first.Kind);
        Assert.True(pending.Begin(first.Connection.OriginalDestinationConnectionId, 1_000));

        // The 2nd datagram of a ClientHello, and a 0-RTT packet, before the connection registers.
        var second = ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, packetNumber: 1);
        var decision = router.Route(second);
        Assert.Equal(RouteDecisionKind.BufferForPendingConnection, decision.Kind);
        Assert.Equal(ClientDcid, decision.PendingKey);
        Assert.Equal(PendingAddResult.Added, pending.Add(decision.PendingKey.Span, second, 1_001));
        var zeroRtt = LongPacket(QuicVersion.V1, PacketType.ZeroRtt, ClientDcid, ClientScid, 400);
        Assert.Equal(RouteDecisionKind.BufferForPendingConnection, router.Route(zeroRtt).Kind);
        // Still subject to §14.1.
        Assert.Equal(DropReason.InitialDatagramTooSmall,
            router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, datagramSize: 1000)).DropReason);

        // Once registered (taken), a lookup miss would be a brand-new connection again.
        Assert.Single(pending.TakeAll(ClientDcid));
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, router.Route(second).Kind);
        Assert.Equal(2, router.Statistics.BufferedForPendingConnection);
    }
}
