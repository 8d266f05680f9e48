using System.Globalization;
using System.Net;
using ActorQuic.Dispatcher.Transport;

namespace ActorQuic.Benchmarks;

/// <summary>
/// Stopwatch benchmark of the UDP receive path (issue #4), run with
/// <c>dotnet run -c Release --project load/ActorQuic.Benchmarks -- udp [--seconds 3] [--size 1200] [--variants sync,async,akka]</c>.
/// For each receive variant, a sender thread in the same process blasts datagrams at the
/// receiver over loopback from its own socket for the given time; the table reports what
/// arrived. Not a BenchmarkDotNet benchmark: loss and throughput of a free-running pair do not
/// fit its one-operation model.
/// </summary>
public static class UdpReceiveBenchmark
{
    public const string Command = "udp";

    public static int Run(string[] args)
    {
        double seconds = 3;
        int size = 1200;
        int rounds = 3;
        string[] variants = ["sync", "async", "akka"];
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--variants": variants = args[i + 1].Split(','); break;
                case "--rounds": rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: udp [--seconds S] [--size BYTES] [--variants sync,async,akka] [--rounds N]");
                    return 2;
            }
        }

        Console.WriteLine($"UDP receive, {size} B datagrams, {seconds} s per run, {rounds} interleaved rounds, loopback, sender thread in-process");
        Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, load average at start {LoadAverage()}");
        // Rounds interleave the variants so a change in background load hits all of them alike;
        // the table shows each variant's median round.
        var results = new Dictionary<string, List<UdpBenchmarkResult>>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (string variant in variants)
            {
                UdpBenchmarkResult result = variant switch
                {
                    "sync" => RunTransport(UdpReceiveMode.SyncThread, size, seconds),
                    "async" => RunTransport(UdpReceiveMode.AsyncLoop, size, seconds),
                    "akka" => AkkaUdpReceiver.Run(size, seconds),
                    _ => throw new ArgumentException($"unknown variant {variant}"),
                };
                if (!results.TryGetValue(variant, out var list))
                    results[variant] = list = [];
                list.Add(result);
                Console.Error.WriteLine($"round {round + 1}: {variant} {result.DatagramsPerSecond / 1000:F0} k/s");
            }
        }
        Console.WriteLine($"load average at end {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine(UdpBenchmarkResult.Header);
        foreach (string variant in variants)
        {
            List<UdpBenchmarkResult> list = results[variant];
            list.Sort((a, b) => a.DatagramsPerSecond.CompareTo(b.DatagramsPerSecond));
            string all = string.Join(", ", list.Select(r => (r.DatagramsPerSecond / 1000).ToString("F0", CultureInfo.InvariantCulture)));
            Console.WriteLine(list[list.Count / 2].ToMarkdownRow(all + " k"));
        }
        return 0;
    }

    private static UdpBenchmarkResult RunTransport(UdpReceiveMode mode, int size, double seconds)
    {
        using var transport = new UdpDatagramTransport(new UdpTransportOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            ReceiveMode = mode,
        });
        var sink = new MeasuringSink();
        transport.Start(sink);
        UdpBlaster run = UdpBlaster.Blast(transport.LocalIPEndPoint, size, seconds, () => transport.DatagramsReceived);
        string name = mode == UdpReceiveMode.SyncThread
            ? "UdpDatagramTransport, sync `ReceiveFrom(SocketAddress)` thread"
            : "UdpDatagramTransport, async `ReceiveFromAsync(SocketAddress)` loop";
        // The per-thread counter means nothing when awaits hop between pool threads.
        return new UdpBenchmarkResult(name, run, size, mode == UdpReceiveMode.SyncThread ? sink.ThreadBytesPerDatagram() : double.NaN);
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>
    /// Counts datagrams and, on the receive thread, the bytes that thread allocated between
    /// the first datagram and the latest (per-thread counter; meaningful for the sync loop only).
    /// </summary>
    private sealed class MeasuringSink : IDatagramSink
    {
        private long _count;
        private long _firstBytes = -1;
        private long _lastBytes;

        public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            if (_firstBytes < 0)
                _firstBytes = allocated;
            _lastBytes = allocated;
            _count++;
        }

        public double ThreadBytesPerDatagram() =>
            _count > 1 ? (double)(Volatile.Read(ref _lastBytes) - Volatile.Read(ref _firstBytes)) / (_count - 1) : double.NaN;
    }
}
