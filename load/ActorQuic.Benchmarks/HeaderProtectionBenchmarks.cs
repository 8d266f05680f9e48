using ActorQuic.Protocol.Crypto;
using BenchmarkDotNet.Attributes;

namespace ActorQuic.Benchmarks;

/// <summary>One header protection mask (RFC 9001 §5.4) per implementation.</summary>
[MemoryDiagnoser]
public class HeaderProtectionBenchmarks
{
    public enum Kind
    {
        AesNi128,
        AesNi256,
        AesTransform128,
        ChaCha20,
    }

    private readonly byte[] _sample = new byte[HeaderProtection.SampleLength];
    private readonly byte[] _mask = new byte[HeaderProtection.MaskLength];
    private HeaderProtection _hp = null!;

    [Params(Kind.AesNi128, Kind.AesNi256, Kind.AesTransform128, Kind.ChaCha20)]
    public Kind Implementation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        random.NextBytes(_sample);
        var key = new byte[Implementation is Kind.AesNi128 or Kind.AesTransform128 ? 16 : 32];
        random.NextBytes(key);
        _hp = Implementation switch
        {
            Kind.AesNi128 or Kind.AesNi256 => new AesNiHeaderProtection(key),
            Kind.AesTransform128 => new AesTransformHeaderProtection(key),
            _ => HeaderProtection.Create(CipherSuite.ChaCha20Poly1305Sha256, key),
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _hp.Dispose();

    [Benchmark]
    public byte Mask()
    {
        _hp.ComputeMask(_sample, _mask);
        return _mask[0];
    }
}
