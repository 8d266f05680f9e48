using System.Globalization;

namespace ActorQuic.Benchmarks;

/// <summary>One row of the UDP receive table.</summary>
internal sealed record UdpBenchmarkResult(string Name, UdpBlaster Run, int Size, double ThreadBytesPerDatagram)
{
    public const string Header =
        "| receive path | datagrams/s | MB/s | loss | B/datagram (receive thread) | B/datagram (process) | CPU µs/datagram (process, incl. sender) | datagrams/s of all rounds |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---|";

    public double DatagramsPerSecond => Run.Received / Run.Elapsed.TotalSeconds;

    public string ToMarkdownRow(string allRounds)
    {
        var c = CultureInfo.InvariantCulture;
        double perSecond = DatagramsPerSecond;
        double megabytes = perSecond * Size / 1e6;
        double loss = Run.Sent == 0 ? 0 : 100.0 * (Run.Sent - Run.Received) / Run.Sent;
        double processBytes = Run.Received == 0 ? double.NaN : (double)Run.ProcessAllocatedBytes / Run.Received;
        string thread = double.IsNaN(ThreadBytesPerDatagram) ? "n/a" : ThreadBytesPerDatagram.ToString("F2", c);
        double cpuMicros = Run.Received == 0 ? double.NaN : Run.ProcessCpu.TotalMicroseconds / Run.Received;
        return string.Create(c, $"| {Name} | {perSecond / 1000:F0} k | {megabytes:F0} | {loss:F2} % | {thread} | {processBytes:F1} | {cpuMicros:F2} | {allRounds} |");
    }
}
