using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using static ActorQuic.Dispatcher.Tests.Endpoint.EndpointPackets;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>Connections manage their own routes by message; the endpoint forgets a connection when it stops.</summary>
public sealed class EndpointActorConnectionIdSpec : EndpointSpec
{
    private static readonly ConnectionId Extra = ConnectionId.FromHex("a1a2a3a4a5a6a7a8");

    [Fact]
    public void An_unknown_short_header_gets_a_stateless_reset_with_the_token_for_that_cid()
    {
        var endpoint = StartEndpoint();
        var trigger = ShortHeader(Extra, 100);
        PeerSends(trigger);

        var reset = PeerProbe.ExpectMsg<PeerReceived>().Bytes;
        Assert.InRange(reset.Length, 21, trigger.Length - 1); // RFC 9000 §10.3: always smaller than the trigger
        Assert.Equal(0x40, reset[0] & 0xc0);
        Assert.True(new StatelessResetTokenGenerator(ResetKey).Matches(Extra.Span, reset.AsSpan(reset.Length - 16)));
        Assert.Equal(1, Statistics(endpoint).StatelessResetsSent);
    }

    [Fact]
    public void Registering_and_retiring_a_cid_changes_routing()
    {
        var endpoint = StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);

        AsConnection(endpoint, started.Connection, new RegisterConnectionId(Extra));
        var toExtra = ShortHeader(Extra, 120);
        PeerSends(toExtra);
        var got = Connections.ExpectMsg<ProbeConnection.Got>();
        Assert.Equal(started.Connection, got.Connection);
        Assert.Equal(toExtra, got.Bytes);
        Assert.Equal(3, Statistics(endpoint).ConnectionIdCount);

        AsConnection(endpoint, started.Connection, new RetireConnectionId(Extra));
        PeerSends(toExtra);
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        PeerProbe.ExpectMsg<PeerReceived>(); // now a stranger's CID: a stateless reset
        Assert.Equal(2, Statistics(endpoint).ConnectionIdCount);

        // The original DCID can be retired once the client has moved to our SCID (RFC 9000 §7.2).
        AsConnection(endpoint, started.Connection, new RetireConnectionId(ClientDcid));
        PeerSends(ClientInitial(ClientDcid, ClientScid, packetNumber: 2));
        var fresh = Connections.ExpectMsg<ProbeConnection.Started>(); // unknown again: a new connection
        Assert.NotEqual(started.Connection, fresh.Connection);
    }

    [Fact]
    public void Bad_registrations_are_rejected_and_strangers_are_ignored()
    {
        var endpoint = StartEndpoint();
        var a = AcceptConnection(ClientDcid, ClientScid);
        var b = AcceptConnection(ConnectionId.FromHex("0909090909090909"), ClientScid);

        AsConnection(endpoint, a.Connection, new RegisterConnectionId(Extra));
        AsConnection(endpoint, a.Connection, new RegisterConnectionId(Extra)); // idempotent, silent
        AsConnection(endpoint, b.Connection, new RegisterConnectionId(Extra));
        var inUse = Connections.ExpectMsg<ProbeConnection.Rejected>();
        Assert.Equal(b.Connection, inUse.Connection);
        Assert.Equal(Extra, inUse.Message.ConnectionId);

        AsConnection(endpoint, a.Connection, new RegisterConnectionId(ConnectionId.FromHex("0102")));
        Assert.Contains("8 bytes", Connections.ExpectMsg<ProbeConnection.Rejected>().Message.Reason);

        // b cannot retire a's CID, and a test actor (not a connection) can neither register nor retire.
        AsConnection(endpoint, b.Connection, new RetireConnectionId(Extra));
        endpoint.Tell(new RetireConnectionId(Extra), TestActor);
        endpoint.Tell(new RegisterConnectionId(ConnectionId.FromHex("b1b2b3b4b5b6b7b8")), TestActor);
        var toExtra = ShortHeader(Extra, 80);
        PeerSends(toExtra);
        Assert.Equal(a.Connection, Connections.ExpectMsg<ProbeConnection.Got>().Connection);
        Assert.Equal(5, Statistics(endpoint).ConnectionIdCount);
    }

    [Fact]
    public void Registrations_per_connection_are_bounded()
    {
        var settings = Settings();
        var endpoint = StartEndpoint(new EndpointActorSettings
        {
            Transport = settings.Transport,
            RouterOptions = settings.RouterOptions,
            ServerConnectionProps = settings.ServerConnectionProps,
            DatagramPool = Pool,
            MaxConnectionIdsPerConnection = 4,
        });
        var started = AcceptConnection(ClientDcid, ClientScid); // holds 2 already
        for (byte i = 1; i <= 3; i++)
            AsConnection(endpoint, started.Connection, new RegisterConnectionId(new ConnectionId([i, i, i, i, i, i, i, i])));
        var rejected = Connections.ExpectMsg<ProbeConnection.Rejected>();
        Assert.Equal(new ConnectionId([3, 3, 3, 3, 3, 3, 3, 3]), rejected.Message.ConnectionId);
        Assert.Equal(4, Statistics(endpoint).ConnectionIdCount);
    }

    [Fact]
    public void A_stopped_connection_loses_its_routes_tokens_and_counts()
    {
        var endpoint = StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);
        var token = StatelessResetToken.FromHex("00112233445566778899aabbccddeeff");
        AsConnection(endpoint, started.Connection, new RegisterConnectionId(Extra));
        AsConnection(endpoint, started.Connection, new RegisterPeerResetToken(token));
        var before = Statistics(endpoint);
        Assert.Equal(3, before.ConnectionIdCount);
        Assert.Equal(1, before.PeerResetTokenCount);

        Watch(started.Connection);
        Sys.Stop(started.Connection);
        ExpectTerminated(started.Connection);
        AwaitAssert(() =>
        {
            var after = Statistics(endpoint);
            Assert.Equal(0, after.Connections);
            Assert.Equal(0, after.HandshakesInProgress);
            Assert.Equal(0, after.ConnectionIdCount);
            Assert.Equal(0, after.PeerResetTokenCount);
        });

        // Its SCID is now a stranger's: a short header to it earns a stateless reset, not a delivery.
        PeerSends(ShortHeader(started.Context.LocalConnectionId, 90));
        PeerProbe.ExpectMsg<PeerReceived>();
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_datagram_ending_in_a_peer_reset_token_is_reported_to_its_connection()
    {
        var endpoint = StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);
        var token = StatelessResetToken.FromHex("00112233445566778899aabbccddeeff");
        AsConnection(endpoint, started.Connection, new RegisterPeerResetToken(token));

        PeerSends(StatelessReset(token));
        var detected = Connections.ExpectMsg<ProbeConnection.ResetDetected>();
        Assert.Equal(started.Connection, detected.Connection);
        Assert.Equal(PeerAddress, detected.Remote);
        PeerProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // no reset answered to a reset

        // Retired (its CID no longer in use, RFC 9000 §10.3.1): the same bytes are just an unknown short header.
        AsConnection(endpoint, started.Connection, new RetirePeerResetToken(token));
        PeerSends(StatelessReset(token));
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        var stats = Statistics(endpoint);
        Assert.Equal(1, stats.StatelessResetsReceived);
        Assert.Equal(0, stats.PeerResetTokenCount);
    }

    [Fact]
    public void A_peer_reset_token_keeps_its_first_owner()
    {
        var endpoint = StartEndpoint();
        var a = AcceptConnection(ClientDcid, ClientScid);
        var b = AcceptConnection(ConnectionId.FromHex("0909090909090909"), ClientScid);
        var token = StatelessResetToken.FromHex("ffeeddccbbaa99887766554433221100");
        AsConnection(endpoint, a.Connection, new RegisterPeerResetToken(token));
        AsConnection(endpoint, b.Connection, new RegisterPeerResetToken(token));

        PeerSends(StatelessReset(token));
        Assert.Equal(a.Connection, Connections.ExpectMsg<ProbeConnection.ResetDetected>().Connection);
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        // b's retirement of a token it never owned changes nothing.
        AsConnection(endpoint, b.Connection, new RetirePeerResetToken(token));
        Assert.Equal(1, Statistics(endpoint).PeerResetTokenCount);
    }
}
