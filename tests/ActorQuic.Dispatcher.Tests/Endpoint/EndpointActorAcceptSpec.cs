using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using static ActorQuic.Dispatcher.Tests.Endpoint.EndpointPackets;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>The server role: client Initials become connection children; the stateless answers go out on the socket.</summary>
public sealed class EndpointActorAcceptSpec : EndpointSpec
{
    [Fact]
    public void A_client_initial_spawns_a_server_connection_with_its_context_and_the_datagram()
    {
        var endpoint = StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);

        var context = started.Context;
        Assert.Equal(ConnectionRole.Server, context.Role);
        Assert.Equal(QuicVersion.V1, context.Version);
        Assert.Equal(LocalCidLength, context.LocalConnectionId.Length);
        Assert.NotEqual(ClientDcid, context.LocalConnectionId);
        Assert.Equal(ClientScid, context.InitialDestinationConnectionId);
        Assert.Equal(PeerAddress, context.Remote);
        Assert.Equal(ClientDcid, context.Incoming!.Value.DestinationConnectionId);
        Assert.Equal(ClientDcid, context.Incoming.Value.OriginalDestinationConnectionId);
        Assert.False(context.Incoming.Value.WasRetried);
        Assert.Same(EndpointTransport, context.Transport);
        Assert.NotNull(context.ResetTokens);
        Assert.Equal(endpoint, context.Endpoint);
        Assert.Equal(LocalCidLength, context.LocalConnectionIdLength);
        Assert.Equal($"conn-{context.LocalConnectionId}", started.Connection.Path.Name);
        Assert.Equal(endpoint.Path, started.Connection.Path.Parent);

        var stats = Statistics(endpoint);
        Assert.Equal(1, stats.ConnectionsAccepted);
        Assert.Equal(1, stats.Connections);
        Assert.Equal(1, stats.HandshakesInProgress);
        Assert.Equal(2, stats.ConnectionIdCount); // the client's DCID and our SCID
    }

    [Fact]
    public void A_second_initial_for_the_same_dcid_goes_to_the_same_connection()
    {
        StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);

        var second = ClientInitial(ClientDcid, ClientScid, packetNumber: 1);
        PeerSends(second);
        var got = Connections.ExpectMsg<ProbeConnection.Got>();
        Assert.Equal(started.Connection, got.Connection);
        Assert.Equal(second, got.Bytes);
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no second child
    }

    [Fact]
    public void Short_headers_to_the_server_scid_reach_the_connection()
    {
        StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);

        var oneRtt = ShortHeader(started.Context.LocalConnectionId, 300);
        PeerSends(oneRtt);
        var got = Connections.ExpectMsg<ProbeConnection.Got>();
        Assert.Equal(started.Connection, got.Connection);
        Assert.Equal(oneRtt, got.Bytes);
        Assert.Equal(PeerAddress, got.Remote);
    }

    [Fact]
    public void The_connection_sends_straight_on_the_socket()
    {
        StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);

        var reply = ShortHeader(ClientScid, 50, seed: 9);
        started.Connection.Tell(new ProbeConnection.SendToPeer(reply));
        var received = PeerProbe.ExpectMsg<PeerReceived>();
        Assert.Equal(reply, received.Bytes);
        Assert.Equal(EndpointAddress, received.From);
    }

    [Fact]
    public void An_unsupported_version_gets_version_negotiation()
    {
        var endpoint = StartEndpoint();
        PeerSends(LongHeaderWithVersion(0x1a2a3a4a, ClientDcid, ClientScid));

        var vn = PeerProbe.ExpectMsg<PeerReceived>();
        Assert.True(VersionNegotiationPacket.TryParse(vn.Bytes, out var packet));
        // RFC 9000 §17.2.1: the IDs are echoed swapped.
        Assert.Equal(ClientScid.ToArray(), packet.DestinationConnectionId.ToArray());
        Assert.Equal(ClientDcid.ToArray(), packet.SourceConnectionId.ToArray());
        var versions = new List<uint>();
        foreach (uint v in packet.SupportedVersions)
            versions.Add(v);
        Assert.Equal([QuicVersion.V1, QuicVersion.V2], versions);
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, Statistics(endpoint).VersionNegotiationsSent);
    }

    [Fact]
    public void With_retry_required_a_retry_goes_out_then_the_retried_initial_is_accepted()
    {
        var endpoint = StartEndpoint(Settings(RouterOptions(requireRetry: true)));
        PeerSends(ClientInitial(ClientDcid, ClientScid));
        var retryDatagram = PeerProbe.ExpectMsg<PeerReceived>().Bytes;
        Assert.True(RetryPacket.TryParse(retryDatagram, out var retry));
        Assert.Equal(ClientScid.ToArray(), retry.DestinationConnectionId.ToArray());
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // RFC 9000 §17.2.5.2: the client now sends to the Retry's SCID and echoes the token.
        var retryScid = new ConnectionId(retry.SourceConnectionId.Span);
        var retried = ClientInitial(retryScid, ClientScid, token: retry.Token.Span);
        Scheduler.Advance(TimeSpan.FromMilliseconds(30)); // one virtual RTT
        PeerSends(retried);

        var started = Connections.ExpectMsg<ProbeConnection.Started>();
        var incoming = started.Context.Incoming!.Value;
        Assert.True(incoming.WasRetried);
        Assert.True(incoming.AddressValidated);
        Assert.Equal(ClientDcid, incoming.OriginalDestinationConnectionId);
        Assert.Equal(retryScid, incoming.RetrySourceConnectionId);
        Assert.Equal(retried, Connections.ExpectMsg<ProbeConnection.Got>().Bytes);

        var stats = Statistics(endpoint);
        Assert.Equal(1, stats.RetriesSent);
        Assert.Equal(1, stats.ConnectionsAccepted);
    }

    [Fact]
    public void The_router_runs_on_virtual_time_so_a_retry_token_expires_when_the_scheduler_advances()
    {
        var endpoint = StartEndpoint(Settings(RouterOptions(requireRetry: true)));
        PeerSends(ClientInitial(ClientDcid, ClientScid));
        Assert.True(RetryPacket.TryParse(PeerProbe.ExpectMsg<PeerReceived>().Bytes, out var retry));
        var retryScid = new ConnectionId(retry.SourceConnectionId.Span);

        Scheduler.Advance(TimeSpan.FromSeconds(11)); // past the 10-second Retry token lifetime (RFC 9000 §8.1.4)
        PeerSends(ClientInitial(retryScid, ClientScid, token: retry.Token.Span));
        // §8.1.2: a bad Retry token earns INVALID_TOKEN, sealed with the keys of the DCID the client used.
        var (_, errorCode) = OpenInitialClose(PeerProbe.ExpectMsg<PeerReceived>().Bytes, retryScid);
        Assert.Equal((ulong)TransportErrorCode.InvalidToken, errorCode);
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, Statistics(endpoint).InvalidTokenClosesSent);
    }

    [Fact]
    public void Over_the_connection_limit_an_initial_gets_connection_refused()
    {
        var endpoint = StartEndpoint(Settings(RouterOptions(maxConnections: 1)));
        AcceptConnection(ClientDcid, ClientScid);

        var otherDcid = ConnectionId.FromHex("0102030405060708");
        PeerSends(ClientInitial(otherDcid, ClientScid));
        var close = PeerProbe.ExpectMsg<PeerReceived>().Bytes;
        var (frameType, errorCode) = OpenInitialClose(close, otherDcid);
        Assert.Equal(0x1cUL, frameType);
        Assert.Equal((ulong)TransportErrorCode.ConnectionRefused, errorCode);
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, Statistics(endpoint).ConnectionRefusedClosesSent);
    }

    [Fact]
    public void Handshakes_in_progress_count_until_the_connection_reports_completion()
    {
        var endpoint = StartEndpoint(Settings(RouterOptions(maxHandshakes: 1)));
        var first = AcceptConnection(ClientDcid, ClientScid);

        var secondDcid = ConnectionId.FromHex("1112131415161718");
        PeerSends(ClientInitial(secondDcid, ClientScid));
        Assert.Equal((ulong)TransportErrorCode.ConnectionRefused, OpenInitialClose(PeerProbe.ExpectMsg<PeerReceived>().Bytes, secondDcid).ErrorCode);

        AsConnection(endpoint, first.Connection, HandshakeCompleted.Instance);
        AsConnection(endpoint, first.Connection, HandshakeCompleted.Instance); // counted once
        Assert.Equal(0, Statistics(endpoint).HandshakesInProgress);
        var second = AcceptConnection(secondDcid, ClientScid);
        Assert.NotEqual(first.Connection, second.Connection);
        var stats = Statistics(endpoint);
        Assert.Equal(2, stats.Connections);
        Assert.Equal(1, stats.HandshakesInProgress);
    }

    [Fact]
    public void A_client_only_endpoint_drops_initials()
    {
        var endpoint = StartEndpoint(Settings(RouterOptions(accept: false)));
        PeerSends(ClientInitial(ClientDcid, ClientScid));
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        PeerProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, Statistics(endpoint).Dropped(DropReason.NotAcceptingConnections));
    }

    [Fact]
    public void A_throwing_props_factory_fails_only_that_connection()
    {
        int calls = 0;
        var settings = Settings();
        var endpoint = StartEndpoint(new EndpointActorSettings
        {
            Transport = settings.Transport,
            RouterOptions = settings.RouterOptions,
            DatagramPool = Pool,
            ServerConnectionProps = context => ++calls == 1
                ? throw new InvalidOperationException("no props today")
                : ProbeConnection.Factory(Connections.Ref)(context),
        });

        PeerSends(ClientInitial(ClientDcid, ClientScid));
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        var stats = Statistics(endpoint);
        Assert.Equal(1, stats.ConnectionCreationFailures);
        Assert.Equal(0, stats.Connections);
        Assert.Equal(0, stats.ConnectionIdCount);

        // The client retransmits its Initial; this time it works.
        AcceptConnection(ClientDcid, ClientScid);
        AwaitAssert(() => Assert.Equal(0, Pool.Outstanding));
    }
}
