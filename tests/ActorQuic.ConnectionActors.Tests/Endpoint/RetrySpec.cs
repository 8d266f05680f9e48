using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// Client-side Retry (RFC 9000 §8.1.2, §17.2.5; RFC 9001 §5.8) end to end: a server endpoint
/// that requires Retry and our client connection over the simulator on virtual time.
/// </summary>
public sealed class RetrySpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly IPEndPoint AttackerAddress = new(IPAddress.Parse("10.0.0.66"), 666);

    public RetrySpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    [Fact]
    public void Client_follows_the_servers_Retry_completes_the_handshake_and_transfers_both_ways()
    {
        byte[] request = EndpointSetup.Payload(1, 100_000);
        byte[] response = EndpointSetup.Payload(2, 300_000);
        var world = new SimulatedEndpoints(this, seed: 21, response, requireRetry: true);
        var initials = CaptureClientInitials(world);

        var connection = world.Connect();
        connection.Tell(new WriteStream(0, request, Fin: true), Akka.Actor.ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => world.ClientLog.IsEstablished(0) && world.ServerLog.IsEstablished(0), TimeSpan.FromSeconds(5)),
            "handshake did not complete: " + world.Describe());
        Assert.True(world.RunUntil(() => world.ServerLog.IsFinished(0, 0) && world.ClientLog.IsFinished(0, 0), TimeSpan.FromSeconds(30)),
            "transfer incomplete: " + world.Describe());
        Assert.Equal(request, world.ServerLog.StreamBytes(0, 0));
        Assert.Equal(response, world.ClientLog.StreamBytes(0, 0));

        Assert.Equal(1, world.Statistics(world.Server).RetriesSent);
        // RFC 9000 §17.2.5.2-3: the second Initial goes to the Retry's SCID with the token; the
        // ClientHello is sent again from offset 0 and packet numbers continue.
        var first = initials[0];
        var second = initials.First(i => !i.Dcid.SequenceEqual(first.Dcid));
        Assert.Empty(first.Token);
        Assert.NotEmpty(second.Token);
        Assert.All(initials.Where(i => !i.Dcid.SequenceEqual(first.Dcid)), i => Assert.Equal(second.Token, i.Token));
        Assert.Null(world.ClientLog.Read(0, r => r.Failed));
    }

    [Fact]
    public void A_Retry_with_a_bad_integrity_tag_and_a_second_valid_Retry_are_both_ignored()
    {
        var world = new SimulatedEndpoints(this, seed: 22, EndpointSetup.Payload(2, 10_000), requireRetry: true);
        var initials = CaptureClientInitials(world);
        var attacker = world.Network.AddEndpoint(AttackerAddress);

        var connection = world.Connect();
        connection.Tell(new WriteStream(0, EndpointSetup.Payload(1, 1000), Fin: true), Akka.Actor.ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => initials.Count > 0, TimeSpan.FromMilliseconds(5)));
        var first = initials[0];
        // Before the server's Retry (20 ms round trip) arrives: a Retry whose tag is off by one bit.
        byte[] forged = Retry(first, retryScid: [1, 2, 3, 4, 5, 6, 7, 8], token: [9, 9, 9]);
        forged[^1] ^= 1;
        attacker.Send(forged, SimulatedEndpoints.ClientAddress);

        Assert.True(world.RunUntil(() => initials.Any(i => i.Token.Length > 0), TimeSpan.FromMilliseconds(100)),
            "the client never answered the server's Retry: " + world.Describe());
        var retried = initials.First(i => i.Token.Length > 0);
        Assert.False(retried.Dcid.SequenceEqual(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }), "the forged Retry was followed");
        // A Retry with a valid tag after one was processed (RFC 9000 §17.2.5.2: at most one).
        attacker.Send(Retry(first, retryScid: [8, 7, 6, 5, 4, 3, 2, 1], token: [7, 7, 7]), SimulatedEndpoints.ClientAddress);

        Assert.True(world.RunUntil(() => world.ClientLog.IsFinished(0, 0), TimeSpan.FromSeconds(5)),
            "transfer incomplete: " + world.Describe());
        Assert.DoesNotContain(initials, i => i.Dcid.SequenceEqual(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }));
        Assert.Equal(1, world.Statistics(world.Server).RetriesSent);
    }

    [Fact]
    public void An_injected_valid_Retry_the_server_never_sent_fails_transport_parameter_authentication()
    {
        // No Retry at the server: an on-path attacker that saw the first Initial can make a valid
        // tag, but the server's transport parameters then do not match (RFC 9000 §7.3).
        var world = new SimulatedEndpoints(this, seed: 23, response: null, requireRetry: false);
        var initials = CaptureClientInitials(world);
        var attacker = world.Network.AddEndpoint(AttackerAddress);

        world.Connect();
        Assert.True(world.RunUntil(() => initials.Count > 0, TimeSpan.FromMilliseconds(5)));
        attacker.Send(Retry(initials[0], retryScid: [1, 2, 3, 4, 5, 6, 7, 8], token: [9, 9, 9]), SimulatedEndpoints.ClientAddress);

        Assert.True(world.RunUntil(() => world.ClientLog.Has(0, r => r.Failed is not null), TimeSpan.FromSeconds(10)),
            "the client should fail: " + world.Describe());
        Assert.Equal(TransportErrorCode.TransportParameterError, world.ClientLog.Read(0, r => r.Failed!.Info.TransportError));
        Assert.False(world.ServerLog.IsEstablished(0) && world.ClientLog.IsEstablished(0));
    }

    private sealed record InitialSeen(byte[] Dcid, byte[] Scid, byte[] Token);

    /// <summary>Records the header of every Initial the client endpoint sends (a drop rule that drops nothing).</summary>
    private static List<InitialSeen> CaptureClientInitials(SimulatedEndpoints world)
    {
        var seen = new List<InitialSeen>();
        world.Network.AddDropRule(d =>
        {
            if (d.Sender == world.ClientTransport && d.FirstPacketType == PacketType.Initial
                && PacketHeaderParser.TryParse(d.Data, 8, out var header))
            {
                lock (seen) seen.Add(new InitialSeen(header.DestinationConnectionId.ToArray(), header.SourceConnectionId.ToArray(), header.Token.ToArray()));
            }
            return false;
        });
        return seen;
    }

    /// <summary>A Retry to the client's SCID whose tag is computed over the client's original DCID (RFC 9001 §5.8).</summary>
    private static byte[] Retry(InitialSeen initial, byte[] retryScid, byte[] token)
    {
        var packet = new byte[RetryPacket.GetLength(initial.Scid.Length, retryScid.Length, token.Length)];
        int length = RetryPacket.Write(packet, QuicVersion.V1, 0, initial.Scid, retryScid, token, integrityTag: default);
        RetryIntegrity.ComputeTag(QuicVersion.V1, initial.Dcid, packet.AsSpan(0, length - RetryIntegrity.TagLength),
            packet.AsSpan(length - RetryIntegrity.TagLength));
        return packet;
    }
}
