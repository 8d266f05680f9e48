using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// 1-RTT key updates (RFC 9001 §6) end to end over the simulator: initiated by either side or
/// both, by packet count or on request; the transfer must come out byte-identical.
/// </summary>
public sealed class KeyUpdateSpec : Akka.TestKit.Xunit2.TestKit
{
    public KeyUpdateSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    [Theory]
    [InlineData(100UL, null)]
    [InlineData(null, 120UL)]
    [InlineData(90UL, 90UL)]
    public void Transfer_with_repeated_key_updates_completes_byte_identical(ulong? clientAfter, ulong? serverAfter)
    {
        byte[] request = EndpointSetup.Payload(1, 400_000);
        byte[] response = EndpointSetup.Payload(2, 600_000);
        var world = new SimulatedEndpoints(this, seed: 31, response, configureServer: s => new ServerConnectionSettings
        {
            TlsServer = s.TlsServer,
            Owner = s.Owner,
            Dispatcher = s.Dispatcher,
            KeyUpdateAfterPackets = serverAfter,
        });
        var connection = world.Connect(o => new ClientConnectionOptions { Tls = o.Tls, Dispatcher = o.Dispatcher, KeyUpdateAfterPackets = clientAfter });
        connection.Tell(new WriteStream(0, request, Fin: true), ActorRefs.NoSender);

        Assert.True(world.RunUntil(() => world.ServerLog.IsFinished(0, 0) && world.ClientLog.IsFinished(0, 0), TimeSpan.FromSeconds(30)),
            "transfer incomplete: " + world.Describe());
        Assert.Equal(request, world.ServerLog.StreamBytes(0, 0));
        Assert.Equal(response, world.ClientLog.StreamBytes(0, 0));
        world.Run(TimeSpan.FromMilliseconds(200)); // the last packets (and any update they carry) arrive

        var client = Status(connection);
        var server = Status(world.ServerLog.ConnectionAt(0));
        Assert.True(client.WriteGeneration >= 3, $"client {client}, server {server}");
        // Each side's write keys follow the other's updates (RFC 9001 §6.2): the generations differ
        // at most by an update whose first packet never had to be sent (nothing left to send).
        Assert.InRange((long)client.WriteGeneration - (long)server.WriteGeneration, -1, 1);
        if (clientAfter is null) Assert.Equal(0, client.Initiated);
        else Assert.True(client.Initiated >= 1, client.ToString());
        if (serverAfter is null) Assert.Equal(0, server.Initiated);
        else Assert.True(server.Initiated >= 1, server.ToString());
        Assert.Equal(client.WriteGeneration, (ulong)(client.Initiated + client.Answered));
        Assert.Equal(server.WriteGeneration, (ulong)(server.Initiated + server.Answered));
        Assert.Null(world.ClientLog.Read(0, r => r.Terminated));
    }

    [Fact]
    public void InitiateKeyUpdate_requests_an_update_which_waits_for_confirmation_and_for_the_previous_one_to_be_acknowledged()
    {
        byte[] response = EndpointSetup.Payload(2, 300_000);
        var world = new SimulatedEndpoints(this, seed: 32, response);
        var connection = world.Connect();
        // Before the handshake is confirmed the request only waits (RFC 9001 §6.1).
        connection.Tell(InitiateKeyUpdate.Instance, ActorRefs.NoSender);
        connection.Tell(new WriteStream(0, EndpointSetup.Payload(1, 1000), Fin: true), ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => world.ClientLog.IsEstablished(0), TimeSpan.FromSeconds(5)), world.Describe());
        Assert.Equal(0UL, Status(connection).WriteGeneration);

        Assert.True(world.RunUntil(() => Status(connection).WriteGeneration == 1, TimeSpan.FromSeconds(1)), world.Describe());
        // Two requests in a row: the second waits until a packet with the new keys is acknowledged (§6.1, §6.5).
        connection.Tell(InitiateKeyUpdate.Instance, ActorRefs.NoSender);
        connection.Tell(InitiateKeyUpdate.Instance, ActorRefs.NoSender);
        Assert.True(world.RunUntil(() => Status(connection).WriteGeneration == 2, TimeSpan.FromSeconds(1)), world.Describe());
        world.Run(TimeSpan.FromMilliseconds(200));
        Assert.Equal(2UL, Status(connection).WriteGeneration);

        Assert.True(world.RunUntil(() => world.ClientLog.IsFinished(0, 0), TimeSpan.FromSeconds(30)), world.Describe());
        Assert.Equal(response, world.ClientLog.StreamBytes(0, 0));
        var server = Status(world.ServerLog.ConnectionAt(0));
        Assert.Equal(new KeyUpdateStatus(2, 0, 2), server);
    }

    private KeyUpdateStatus Status(IActorRef connection)
    {
        Sys.ActorSelection(connection.Path / "sender").Tell(GetKeyUpdateStatus.Instance, TestActor);
        return ExpectMsg<KeyUpdateStatus>();
    }
}
