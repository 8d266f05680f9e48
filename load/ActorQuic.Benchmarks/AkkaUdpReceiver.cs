using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.IO;

namespace ActorQuic.Benchmarks;

/// <summary>
/// The Akka.IO baseline: <c>Udp.Bind</c> with a handler actor that counts <c>Udp.Received</c>.
/// Buffers are raised to 2,048 B, because Akka.IO truncates datagrams to its 512-byte default
/// (FACTS.md), and SO_RCVBUF to 4 MiB like the transport's.
/// </summary>
internal static class AkkaUdpReceiver
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.io.udp.disabled-buffer-pool.buffer-size = 2048
        akka.io.udp.direct-buffer-pool.buffer-size = 2048
        """;

    public static UdpBenchmarkResult Run(int size, double seconds)
    {
        using var system = ActorSystem.Create("udp-bench", ConfigurationFactory.ParseString(Config));
        var counter = new ReceiveCounter { ExpectedSize = size };
        IActorRef handler = system.ActorOf(Props.Create(() => new CountingHandler(counter)), "handler");
        IActorRef manager = Udp.Instance.Apply(system).Manager;
        var bound = (Udp.Bound)manager.Ask(
            new Udp.Bind(handler, new IPEndPoint(IPAddress.Loopback, 0), [new Inet.SO.ReceiveBufferSize(4 * 1024 * 1024)]),
            TimeSpan.FromSeconds(10)).Result;
        var local = (IPEndPoint)bound.LocalAddress;

        UdpBlaster run = UdpBlaster.Blast(local, size, seconds, () => Interlocked.Read(ref counter.Count));
        if (counter.Truncated > 0)
            Console.Error.WriteLine($"Akka.IO truncated {counter.Truncated} datagrams: raise akka.io.udp buffer-size");

        handler.Ask<Udp.Unbound>(Udp.Unbind.Instance, TimeSpan.FromSeconds(10)).Wait();
        system.Terminate().Wait(TimeSpan.FromSeconds(10));
        return new UdpBenchmarkResult("Akka.IO `Udp.Bind` → handler actor (buffer 2,048)", run, size, double.NaN);
    }

    private sealed class ReceiveCounter
    {
        public long Count;
        public long Truncated;
        public int ExpectedSize;
    }

    private sealed class CountingHandler : UntypedActor
    {
        private readonly ReceiveCounter _counter;
        private IActorRef? _socket;
        private IActorRef? _unbindRequester;

        public CountingHandler(ReceiveCounter counter) => _counter = counter;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Udp.Received received:
                    _socket = Sender; // the listener actor, which Unbind must go to
                    if (received.Data.Count != _counter.ExpectedSize)
                        _counter.Truncated++;
                    Interlocked.Increment(ref _counter.Count);
                    break;
                case Udp.Unbind:
                    _unbindRequester = Sender;
                    _socket?.Tell(Udp.Unbind.Instance);
                    break;
                case Udp.Unbound:
                    _unbindRequester?.Tell(message);
                    break;
            }
        }
    }
}
