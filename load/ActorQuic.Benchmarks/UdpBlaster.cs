using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Benchmarks;

/// <summary>
/// The sending side of the UDP benchmark: one thread, one plain socket, sync
/// <c>SendTo(span, SocketAddress)</c> in a loop (FACTS.md's fastest send), no pacing.
/// </summary>
internal sealed record UdpBlaster(long Sent, long Received, TimeSpan Elapsed, long ProcessAllocatedBytes, TimeSpan ProcessCpu)
{
    /// <param name="receivedCount">Reads the receiver's datagram counter (any thread).</param>
    public static UdpBlaster Blast(IPEndPoint target, int size, double seconds, Func<long> receivedCount)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.SendBufferSize = 4 * 1024 * 1024;
        socket.Bind(new IPEndPoint(target.Address, 0));
        SocketAddress address = target.Serialize();
        byte[] payload = new byte[size];
        new Random(1).NextBytes(payload);

        // Warm-up so JIT tiering and caches settle before measuring; not counted.
        for (int i = 0; i < 2000; i++)
        {
            socket.SendTo(payload, SocketFlags.None, address);
            if (i % 100 == 0)
                Thread.Sleep(1);
        }
        Thread.Sleep(500);
        long receivedBefore = receivedCount();

        long sent = 0;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            var deadline = TimeSpan.FromSeconds(seconds);
            while (stopwatch.Elapsed < deadline)
            {
                for (int i = 0; i < 64; i++)
                    socket.SendTo(payload, SocketFlags.None, address);
                sent += 64;
            }
        })
        { Name = "udp-blaster", IsBackground = true };
        thread.Start();
        thread.Join();
        TimeSpan elapsed = stopwatch.Elapsed;
        // Let the receiver drain what is still queued in SO_RCVBUF before counting.
        Thread.Sleep(500);
        long received = receivedCount() - receivedBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        return new UdpBlaster(sent, received, elapsed, allocated, cpu);
    }
}
