using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Dispatcher.Tests.Endpoint.EndpointPackets;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>The bounded intake between the socket thread and the actor, and who returns each pooled buffer.</summary>
public sealed class EndpointActorIntakeSpec : EndpointSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_flood_while_the_actor_is_busy_is_shed_above_the_limit_and_counted()
    {
        var transport = new ManualTransport(EndpointAddress);
        var endpoint = StartEndpoint(Settings(transport: transport, intakeLimit: 10));
        Assert.True(transport.Started.Wait(Patience));

        // Hold the actor inside the transport's Send, answering an unknown short header with a reset.
        transport.SendGate.Reset();
        transport.Inject(ShortHeader(ConnectionId.FromHex("a1a2a3a4a5a6a7a8"), 100), PeerAddress);
        Assert.True(transport.SendEntered.Wait(Patience));

        // The socket thread keeps receiving: 10 may wait for the actor, the other 90 are shed before any buffer is rented.
        for (int i = 0; i < 100; i++)
            transport.Inject(ShortHeader(ConnectionId.FromHex("b1b2b3b4b5b6b7b8"), 30, seed: i), PeerAddress);
        Assert.Equal(11, Pool.Rented);

        // The 10 queued ones are unknown short headers too: their resets must not block the actor either.
        transport.SendGate.Set();
        var stats = Statistics(endpoint);
        Assert.Equal(90, stats.IntakeShed);
        Assert.Equal(11, stats.IntakeAccepted);
        Assert.Equal(11, stats.TotalDatagrams);
        Assert.Equal(0, stats.IntakeInFlight);
        Assert.Equal(11, Pool.Returned);
    }

    [Fact]
    public void Every_buffer_is_returned_once_whoever_ends_up_with_it()
    {
        var endpoint = StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);           // accepted → connection returns
        PeerSends(ShortHeader(started.Context.LocalConnectionId, 300));   // routed → connection returns
        Connections.ExpectMsg<ProbeConnection.Got>();
        PeerSends(ShortHeader(ConnectionId.FromHex("a1a2a3a4a5a6a7a8"))); // reset answered → endpoint returns
        PeerProbe.ExpectMsg<PeerReceived>();
        PeerSends(LongHeaderWithVersion(0x0a0a0a0a, ClientDcid, ClientScid)); // VN → endpoint returns
        PeerProbe.ExpectMsg<PeerReceived>();
        PeerSends([0x40, 1, 2]);                                          // dropped → endpoint returns
        PeerSends([]);                                                    // empty, dropped

        var stats = Statistics(endpoint);
        Assert.Equal(6, stats.TotalDatagrams);
        AwaitAssert(() =>
        {
            Assert.Equal(6, Pool.Rented);
            Assert.Equal(6, Pool.Returned);
        });
        Assert.Equal(0, Pool.ForeignReturns);
    }

    [Fact]
    public void With_a_transport_that_signals_idle_one_drain_reaches_each_connection_as_one_batch_in_order()
    {
        var transport = new ManualTransport(EndpointAddress) { SignalsReceiveIdle = true };
        var endpoint = StartEndpoint(Settings(transport: transport));
        Assert.True(transport.Started.Wait(Patience));
        var first = ClientInitial(ClientDcid, ClientScid);
        transport.Inject(first, PeerAddress);
        Connections.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // held until the socket is drained
        transport.InjectIdle();
        var started = Connections.ExpectMsg<ProbeConnection.Started>();
        Assert.Equal(first, Connections.ExpectMsg<ProbeConnection.Got>().Bytes);

        // A drain of three for the connection and one unknown short header (answered with a reset, not routed).
        var datagrams = Enumerable.Range(0, 3).Select(i => ShortHeader(started.Context.LocalConnectionId, 100 + i, seed: i)).ToArray();
        transport.Inject(datagrams[0], PeerAddress);
        transport.Inject(ShortHeader(ConnectionId.FromHex("a1a2a3a4a5a6a7a8"), 100), PeerAddress);
        transport.Inject(datagrams[1], PeerAddress);
        transport.Inject(datagrams[2], PeerAddress);
        transport.InjectIdle();
        var batch = Connections.ExpectMsg<ProbeConnection.GotBatch>();
        Assert.Equal(started.Connection, batch.Connection);
        Assert.Equal(datagrams, batch.Datagrams);

        var stats = Statistics(endpoint);
        Assert.Equal(5, stats.IntakeAccepted);
        Assert.Equal(0, stats.IntakeInFlight);
        AwaitAssert(() => Assert.Equal(5, Pool.Returned), Patience, TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public void A_datagram_told_by_someone_other_than_the_intake_is_routed_but_not_counted_as_intake()
    {
        var endpoint = StartEndpoint();
        var started = AcceptConnection(ClientDcid, ClientScid);
        var bytes = ShortHeader(started.Context.LocalConnectionId, 64);
        endpoint.Tell(new DatagramReceived(PooledDatagram.Copy(Pool, bytes), PeerAddress), TestActor);
        Assert.Equal(bytes, Connections.ExpectMsg<ProbeConnection.Got>().Bytes);
        var stats = Statistics(endpoint);
        Assert.Equal(0, stats.IntakeInFlight);
        Assert.Equal(1, stats.IntakeAccepted); // the Initial only
    }

    [Fact]
    public void Intake_sheds_and_counts_without_renting_and_recovers_as_the_actor_catches_up()
    {
        var pool = new CountingArrayPool();
        var intake = new DatagramIntake(TestActor, pool, limit: 3);
        var from = new IPEndPoint(IPAddress.Loopback, 1);
        for (int i = 0; i < 5; i++)
            intake.OnDatagram(new byte[] { (byte)i, 1, 2 }, from);
        Assert.Equal(3, intake.Accepted);
        Assert.Equal(2, intake.Shed);
        Assert.Equal(3, intake.InFlight);
        Assert.Equal(3, pool.Rented);
        for (int i = 0; i < 3; i++)
        {
            var received = ExpectMsg<DatagramReceived>();
            Assert.Equal(i, received.Datagram.Span[0]);
            Assert.Same(from, received.Remote);
            received.Datagram.Return();
        }

        intake.Dequeued();
        intake.OnDatagram(new byte[] { 9 }, from);
        Assert.Equal(4, intake.Accepted);
        ExpectMsg<DatagramReceived>().Datagram.Return();

        intake.OnDatagram(new byte[] { 9 }, new DnsEndPoint("example.test", 1));
        Assert.Equal(1, intake.NotIp);
        intake.Close();
        intake.OnDatagram(new byte[] { 9 }, from);
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(4, pool.Rented);
        Assert.Equal(4, pool.Returned);
    }
}
