using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;
using BenchmarkDotNet.Attributes;

namespace ActorQuic.Benchmarks;

/// <summary>
/// Protect (seal + header protection) and unprotect (header protection removal + open) of a
/// 1,200-byte 1-RTT packet: 1-byte header, 8-byte DCID, 2-byte packet number, 1,173 bytes of
/// payload, 16-byte tag. Both work in place, so each iteration first restores the input with a
/// 1,200-byte copy (see <see cref="ProtectionCopyBaselineBenchmarks"/> for its cost).
/// </summary>
[MemoryDiagnoser]
public class PacketProtectionBenchmarks
{
    private const int PacketLength = 1200;
    private const int PnOffset = 1 + 8;
    private const int PnLength = 2;
    private const int PayloadLength = PacketLength - PnOffset - PnLength - PacketProtection.TagLength;
    private const ulong PacketNumber = 1_000_000;

    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _protected = new byte[PacketLength];
    private readonly byte[] _forged = new byte[PacketLength];
    private readonly byte[] _work = new byte[PacketLength];
    private PacketProtection _protection = null!;

    [Params(CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256)]
    public CipherSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var secret = new byte[Suite.GetHashLength()];
        random.NextBytes(secret);
        _protection = new PacketProtection(Suite, secret, QuicVersion.V1);
        random.NextBytes(_plain);
        _plain[0] = 0x40;
        _plain.CopyTo(_protected, 0);
        _protection.Protect(_protected, PnOffset, PnLength, PacketNumber, PayloadLength);
        _protected.CopyTo(_forged, 0);
        _forged[600] ^= 1;
    }

    [GlobalCleanup]
    public void Cleanup() => _protection.Dispose();

    [Benchmark]
    public int Protect()
    {
        _plain.CopyTo(_work, 0);
        return _protection.Protect(_work, PnOffset, PnLength, PacketNumber, PayloadLength);
    }

    [Benchmark]
    public bool Unprotect()
    {
        _protected.CopyTo(_work, 0);
        return _protection.TryUnprotect(_work, PnOffset, (long)PacketNumber - 1, out _, out _, out _);
    }

    /// <summary>A packet with one flipped payload bit: the cost of rejecting a forgery (the BCL throws internally).</summary>
    [Benchmark]
    public bool UnprotectForged()
    {
        _forged.CopyTo(_work, 0);
        return _protection.TryUnprotect(_work, PnOffset, (long)PacketNumber - 1, out _, out _, out _);
    }
}
