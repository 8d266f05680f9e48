using ActorQuic.ConnectionActors;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// Connection IDs (RFC 9000 §5.1) through real endpoints over the simulator: both sides issue
/// IDs after the handshake, registered for routing; a peer that moves to a new ID keeps the
/// connection going; the peer's limits and retirement rules are enforced.
/// </summary>
public sealed class ConnectionIdSpec : Akka.TestKit.Xunit2.TestKit
{
    public ConnectionIdSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    [Fact]
    public void Both_sides_issue_three_routed_ids_and_a_client_that_rotates_to_a_new_id_still_reaches_the_connection()
    {
        byte[] request = EndpointSetup.Payload(1, 200_000);
        byte[] response = EndpointSetup.Payload(2, 200_000);
        var world = new SimulatedEndpoints(this, seed: 41, response);
        var dcids = new List<byte[]>();
        world.Network.AddDropRule(d =>
        {
            if (d.Sender == world.ClientTransport && d.FirstPacketType == PacketType.OneRtt
                && PacketHeaderParser.TryParse(d.Data, 8, out var header))
                lock (dcids) dcids.Add(header.DestinationConnectionId.ToArray());
            return false;
        });
        var connection = world.Connect();
        Assert.True(world.RunUntil(() => world.ClientLog.IsEstablished(0) && world.ServerLog.IsEstablished(0), TimeSpan.FromSeconds(5)), world.Describe());
        world.Run(TimeSpan.FromMilliseconds(200));

        // Handshake ID + 3 NEW_CONNECTION_ID each (active_connection_id_limit 4); the client's original DCID is retired.
        var server = world.Statistics(world.Server);
        var client = world.Statistics(world.Client);
        Assert.Equal(4, server.ConnectionIdCount);
        Assert.Equal(4, client.ConnectionIdCount);
        Assert.Equal(3, server.PeerResetTokenCount); // the client's NEW_CONNECTION_ID tokens
        Assert.Equal(4, client.PeerResetTokenCount); // the server's transport parameter token too
        byte[] handshakeDcid = dcids[^1];

        connection.Tell(RotatePeerConnectionId.Instance, ActorRefs.NoSender);
        connection.Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => world.ServerLog.IsFinished(0, 0) && world.ClientLog.IsFinished(0, 0), TimeSpan.FromSeconds(30)),
            "transfer incomplete: " + world.Describe());
        Assert.Equal(request, world.ServerLog.StreamBytes(0, 0));
        Assert.Equal(response, world.ClientLog.StreamBytes(0, 0));
        byte[] newDcid = dcids[^1];
        Assert.NotEqual(handshakeDcid, newDcid);
        world.Run(TimeSpan.FromMilliseconds(200));
        // RETIRE_CONNECTION_ID dropped the old route and the server issued a replacement (§5.1.1);
        // the client swapped the retired ID's token for the replacement's.
        Assert.Equal(4, world.Statistics(world.Server).ConnectionIdCount);
        Assert.Equal(4, world.Statistics(world.Client).PeerResetTokenCount);
    }

    [Fact]
    public void More_peer_ids_than_our_active_connection_id_limit_close_with_CONNECTION_ID_LIMIT_ERROR()
    {
        var world = new SimulatedEndpoints(this, seed: 42, response: null);
        var connection = world.Connect();
        Assert.True(world.RunUntil(() => world.ClientLog.IsEstablished(0) && world.ServerLog.IsEstablished(0), TimeSpan.FromSeconds(5)), world.Describe());
        world.Run(TimeSpan.FromMilliseconds(200)); // the server's three NEW_CONNECTION_ID arrived: 4 active, our limit

        // As the receiver would report a fifth ID from the peer (RFC 9000 §5.1.1).
        connection.Tell(new NewConnectionIdReceived(10, 0, new ConnectionId([1, 2, 3, 4, 5, 6, 7, 8]),
            new StatelessResetToken(new byte[16])), ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => world.ClientLog.Has(0, r => r.Terminated is not null) && world.ServerLog.Has(0, r => r.Terminated is not null),
            TimeSpan.FromSeconds(5)), world.Describe());
        Assert.Equal(TransportErrorCode.ConnectionIdLimitError, world.ClientLog.Read(0, r => r.Terminated!.Info.TransportError));
        Assert.Equal(TransportErrorCode.ConnectionIdLimitError, world.ServerLog.Read(0, r => r.Terminated!.Info.TransportError));
    }

    [Fact]
    public void Retiring_a_sequence_number_never_issued_is_a_PROTOCOL_VIOLATION()
    {
        var world = new SimulatedEndpoints(this, seed: 43, response: null);
        world.Connect();
        Assert.True(world.RunUntil(() => world.ClientLog.IsEstablished(0) && world.ServerLog.IsEstablished(0), TimeSpan.FromSeconds(5)), world.Describe());
        world.Run(TimeSpan.FromMilliseconds(200));

        var serverConnection = world.ServerLog.ConnectionAt(0);
        serverConnection.Tell(new RetireConnectionIdReceived(99, new ConnectionId([9, 9, 9, 9, 9, 9, 9, 9])), ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => world.ClientLog.Has(0, r => r.Terminated is not null), TimeSpan.FromSeconds(5)), world.Describe());
        Assert.Equal(TransportErrorCode.ProtocolViolation, world.ServerLog.Read(0, r => r.Terminated!.Info.TransportError));
        Assert.Equal(TransportErrorCode.ProtocolViolation, world.ClientLog.Read(0, r => r.Terminated!.Info.TransportError));
    }
}
