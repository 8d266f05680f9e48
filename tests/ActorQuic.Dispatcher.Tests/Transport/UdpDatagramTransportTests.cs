using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ActorQuic.Dispatcher.Transport;

namespace ActorQuic.Dispatcher.Tests.Transport;

public sealed class UdpDatagramTransportTests
{
    // Real sockets on a shared, busy machine: waits are generous and nothing is timed.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static UdpDatagramTransport Bind(IPAddress address, UdpReceiveMode mode = UdpReceiveMode.SyncThread, bool dualMode = false) =>
        new(new UdpTransportOptions { LocalEndPoint = new IPEndPoint(address, 0), ReceiveMode = mode, DualMode = dualMode });

    private static byte[] Payload(int sender, int sequence, int size)
    {
        var data = new byte[size];
        new Random(sender * 100_003 + sequence).NextBytes(data);
        if (size >= 8)
        {
            BinaryPrimitives.WriteInt32BigEndian(data, sender);
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), sequence);
        }
        return data;
    }

    public static TheoryData<string, UdpReceiveMode> Loopbacks => new()
    {
        { "127.0.0.1", UdpReceiveMode.SyncThread },
        { "127.0.0.1", UdpReceiveMode.AsyncLoop },
        { "::1", UdpReceiveMode.SyncThread },
        { "::1", UdpReceiveMode.AsyncLoop },
    };

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void Two_senders_deliver_every_datagram_with_a_stable_endpoint_per_sender(string address, UdpReceiveMode mode)
    {
        IPAddress ip = IPAddress.Parse(address);
        const int PerSender = 500;
        using var receiver = Bind(ip, mode);
        using var senderA = Bind(ip);
        using var senderB = Bind(ip);
        var sink = new RecordingSink();
        receiver.Start(sink);

        var senders = new[] { senderA, senderB };
        Parallel.For(0, 2, s =>
        {
            for (int i = 0; i < PerSender; i++)
                Assert.True(senders[s].Send(Payload(s, i, 100 + i % 1100), receiver.LocalEndPoint));
        });

        Assert.True(sink.WaitFor(2 * PerSender, Patience), $"received {sink.Count} of {2 * PerSender}");
        var received = sink.Snapshot();
        var seen = new HashSet<(int, int)>();
        var endPointObjects = new Dictionary<int, EndPoint>();
        foreach (var (data, remote) in received)
        {
            int s = BinaryPrimitives.ReadInt32BigEndian(data);
            int i = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
            Assert.Equal(Payload(s, i, 100 + i % 1100), data);
            Assert.Equal(senders[s].LocalEndPoint, remote);
            Assert.True(seen.Add((s, i)), "duplicate datagram");
            if (endPointObjects.TryGetValue(s, out EndPoint? first))
                Assert.Same(first, remote);
            else
                endPointObjects[s] = remote;
        }
        Assert.Equal(2 * PerSender, seen.Count);
        Assert.Equal(2 * PerSender, receiver.DatagramsReceived);
        Assert.Equal(PerSender, senderA.DatagramsSent);
        Assert.Equal(0, receiver.ReceiveErrors);
    }

    [Theory]
    [InlineData("127.0.0.1", 1)]
    [InlineData("127.0.0.1", 1200)]
    [InlineData("127.0.0.1", 1500)]
    [InlineData("127.0.0.1", 65_507)]
    [InlineData("::1", 1500)]
    [InlineData("::1", 65_527)]
    public void Datagrams_up_to_the_UDP_maximum_arrive_whole(string address, int size)
    {
        IPAddress ip = IPAddress.Parse(address);
        using var receiver = Bind(ip);
        using var sender = Bind(ip);
        var sink = new RecordingSink();
        receiver.Start(sink);

        byte[] payload = Payload(7, size, size);
        Assert.True(sender.Send(payload, receiver.LocalEndPoint));

        Assert.True(sink.WaitFor(1, Patience));
        Assert.Equal(payload, sink.Snapshot()[0].Data);
    }

    [Fact]
    public void A_datagram_larger_than_UDP_allows_is_refused_and_counted()
    {
        using var receiver = Bind(IPAddress.Loopback);
        using var sender = Bind(IPAddress.Loopback);
        Assert.False(sender.Send(new byte[65_508], receiver.LocalEndPoint));
        Assert.Equal(1, sender.SendFailures);
        Assert.Equal(0, sender.DatagramsSent);
    }

    [Fact]
    public void Dual_mode_socket_talks_to_IPv4_peers_as_plain_IPv4()
    {
        using var server = Bind(IPAddress.IPv6Any, dualMode: true);
        using var client = Bind(IPAddress.Loopback);
        var serverSink = new RecordingSink();
        var clientSink = new RecordingSink();
        server.Start(serverSink);
        client.Start(clientSink);

        var serverAddress = new IPEndPoint(IPAddress.Loopback, server.LocalIPEndPoint.Port);
        Assert.True(client.Send("ping"u8, serverAddress));
        Assert.True(serverSink.WaitFor(1, Patience));
        EndPoint seen = serverSink.Snapshot()[0].Remote;
        Assert.Equal(client.LocalEndPoint, seen);
        Assert.Equal(AddressFamily.InterNetwork, seen.AddressFamily);

        Assert.True(server.Send("pong"u8, seen));
        Assert.True(clientSink.WaitFor(1, Patience));
        Assert.Equal("pong"u8.ToArray(), clientSink.Snapshot()[0].Data);
    }

    [Fact]
    public void An_IPv4_only_socket_refuses_an_IPv6_destination()
    {
        using var v4 = Bind(IPAddress.Loopback);
        Assert.False(v4.Send("x"u8, new IPEndPoint(IPAddress.IPv6Loopback, 9)));
        Assert.Equal(1, v4.SendFailures);
        Assert.Throws<ArgumentException>(() => v4.Send("x"u8, new DnsEndPoint("localhost", 9)));
    }

    [Theory]
    [InlineData(UdpReceiveMode.SyncThread)]
    [InlineData(UdpReceiveMode.AsyncLoop)]
    public void Dispose_stops_the_receive_loop_and_later_sends_fail(UdpReceiveMode mode)
    {
        var receiver = Bind(IPAddress.Loopback, mode);
        using var sender = Bind(IPAddress.Loopback);
        var sink = new RecordingSink();
        receiver.Start(sink);
        Assert.True(sender.Send("before"u8, receiver.LocalEndPoint));
        Assert.True(sink.WaitFor(1, Patience));
        Assert.True(receiver.IsReceiveLoopRunning);

        receiver.Dispose();

        Assert.False(receiver.IsReceiveLoopRunning);
        Assert.False(receiver.Send("after"u8, sender.LocalEndPoint));
        Assert.Equal(1, receiver.SendFailures);
        Assert.Equal(0, receiver.ReceiveErrors);
        receiver.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => receiver.Start(sink));
    }

    [Fact]
    public void Dispose_from_inside_the_sink_does_not_deadlock()
    {
        var receiver = Bind(IPAddress.Loopback);
        using var sender = Bind(IPAddress.Loopback);
        var sink = new RecordingSink();
        sink.OnEach = (_, _) => receiver.Dispose();
        receiver.Start(sink);
        Assert.True(sender.Send("stop"u8, receiver.LocalEndPoint));
        Assert.True(sink.WaitFor(1, Patience));
        SpinWait.SpinUntil(() => !receiver.IsReceiveLoopRunning, Patience);
        Assert.False(receiver.IsReceiveLoopRunning);
    }

    [Theory]
    [InlineData(UdpReceiveMode.SyncThread)]
    [InlineData(UdpReceiveMode.AsyncLoop)]
    public void Port_unreachable_errors_do_not_end_the_loop(UdpReceiveMode mode)
    {
        var errors = new List<Exception>();
        using var transport = new UdpDatagramTransport(new UdpTransportOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            ReceiveMode = mode,
            OnError = e => { lock (errors) errors.Add(e); },
        });
        using var peer = Bind(IPAddress.Loopback);
        var sink = new RecordingSink();
        if (OperatingSystem.IsLinux())
        {
            // Linux hides ICMP errors from unconnected UDP sockets unless IP_RECVERR is on
            // (udp(7)); turn it on so the error really reaches the receive loop, as on Windows.
            const int IpProtoIp = 0, IpRecvErr = 11;
            transport.Socket.SetRawSocketOption(IpProtoIp, IpRecvErr, BitConverter.GetBytes(1));
        }
        transport.Start(sink);

        // A port nobody listens on: bind, note it, close.
        IPEndPoint closed;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }
        for (int i = 0; i < 3; i++)
        {
            transport.Send("nobody home"u8, closed);
            Thread.Sleep(50); // let the ICMP error come back before the next operation
        }

        for (int i = 0; i < 5; i++)
            Assert.True(peer.Send(Payload(1, i, 64), transport.LocalEndPoint));
        Assert.True(sink.WaitFor(5, Patience));
        Assert.True(transport.IsReceiveLoopRunning);
        if (OperatingSystem.IsLinux())
        {
            // With IP_RECVERR the pending receive (or the next send) fails with ECONNREFUSED.
            Assert.True(transport.ReceiveErrors + transport.SendFailures >= 1);
            lock (errors)
                Assert.Contains(errors, e => e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset });
        }
    }

    [Fact]
    public void A_throwing_sink_is_counted_and_the_loop_goes_on()
    {
        using var receiver = Bind(IPAddress.Loopback);
        using var sender = Bind(IPAddress.Loopback);
        var sink = new RecordingSink();
        int calls = 0;
        sink.OnEach = (_, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
                throw new InvalidOperationException("sink bug");
        };
        receiver.Start(sink);
        Assert.True(sender.Send("one"u8, receiver.LocalEndPoint));
        Assert.True(sender.Send("two"u8, receiver.LocalEndPoint));
        Assert.True(sink.WaitFor(1, Patience));
        Assert.Equal("two"u8.ToArray(), sink.Snapshot()[0].Data);
        Assert.Equal(1, receiver.SinkErrors);
        Assert.Equal(2, receiver.DatagramsReceived);
    }

    [Fact]
    public void Start_twice_is_refused()
    {
        using var transport = Bind(IPAddress.Loopback);
        transport.Start(new RecordingSink());
        Assert.Throws<InvalidOperationException>(() => transport.Start(new RecordingSink()));
    }

    [Fact]
    public void The_sync_receive_loop_allocates_nothing_per_datagram_from_a_known_peer()
    {
        const int Warmup = 200, Measured = 2000;
        using var receiver = Bind(IPAddress.Loopback);
        using var sender = Bind(IPAddress.Loopback);
        long start = 0, end = 0;
        int seen = 0;
        var done = new ManualResetEventSlim();
        receiver.Start(new CountingSink(() =>
        {
            seen++;
            if (seen == Warmup)
                start = GC.GetAllocatedBytesForCurrentThread();
            else if (seen == Warmup + Measured)
            {
                end = GC.GetAllocatedBytesForCurrentThread();
                done.Set();
            }
        }));
        byte[] payload = new byte[1200];
        for (int i = 0; i < Warmup + Measured; i++)
        {
            Assert.True(sender.Send(payload, receiver.LocalEndPoint));
            // Stay well inside SO_RCVBUF on a busy machine: at most 200 datagrams in flight.
            if (i % 200 == 199)
                Assert.True(SpinWait.SpinUntil(() => receiver.DatagramsReceived > i - 200, Patience));
        }
        Assert.True(done.Wait(Patience), $"received {receiver.DatagramsReceived}");
        // Not a speed assertion: a count of bytes, which must not grow with the datagram count.
        Assert.True(end - start < Measured, $"{end - start} bytes for {Measured} datagrams");
    }

    private sealed class CountingSink(Action onDatagram) : IDatagramSink
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote) => onDatagram();
    }
}
