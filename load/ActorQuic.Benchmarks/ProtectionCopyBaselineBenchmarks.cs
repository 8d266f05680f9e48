using BenchmarkDotNet.Attributes;

namespace ActorQuic.Benchmarks;

/// <summary>
/// The 1,200-byte copy that <see cref="PacketProtectionBenchmarks"/> does before each in-place
/// operation, to subtract from its numbers.
/// </summary>
[MemoryDiagnoser]
public class ProtectionCopyBaselineBenchmarks
{
    private readonly byte[] _source = new byte[1200];
    private readonly byte[] _destination = new byte[1200];

    [Benchmark]
    public byte Copy1200()
    {
        _source.CopyTo(_destination, 0);
        return _destination[0];
    }
}
