using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>Round trips with random keys for all three AEADs, tamper detection, hostile input.</summary>
public class PacketProtectionRoundTripTests
{
    public static TheoryData<CipherSuite, uint> Suites()
    {
        var data = new TheoryData<CipherSuite, uint>();
        foreach (var suite in new[] { CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256 })
        foreach (var version in new[] { QuicVersion.V1, QuicVersion.V2 })
            data.Add(suite, version);
        return data;
    }

    private static PacketProtection RandomKeys(CipherSuite suite, uint version) =>
        new(suite, RandomNumberGenerator.GetBytes(suite.GetHashLength()), version);

    /// <summary>A long (0xc0) or short (0x40) header with a connection ID of the given length, then the payload.</summary>
    private static (byte[] Packet, int PnOffset) Build(bool longHeader, int cidLength, int pnLength, byte[] payload, int slack = 0)
    {
        // Long: first byte, version, DCID len + DCID, SCID len 0, token length 0, 2-byte Length.
        int pnOffset = longHeader ? 1 + 4 + 1 + cidLength + 1 + 1 + 2 : 1 + cidLength;
        var packet = new byte[pnOffset + pnLength + payload.Length + PacketProtection.TagLength + slack];
        packet[0] = longHeader ? (byte)0xc0 : (byte)0x44; // short: key phase bit set, to see it survive
        for (int i = 1; i < pnOffset; i++) packet[i] = (byte)(i * 7);
        payload.CopyTo(packet, pnOffset + pnLength);
        return (packet, pnOffset);
    }

    // threads: 1 below because a PacketProtection belongs to one connection and is not
    // thread-safe (neither are the BCL AEADs it wraps); CsCheck samples in parallel by default.
    [Theory]
    [MemberData(nameof(Suites))]
    public void Round_trips_random_packets(CipherSuite suite, uint version)
    {
        using var protection = RandomKeys(suite, version);
        var gen =
            from longHeader in Gen.Bool
            from cidLength in Gen.Int[0, 20]
            from acked in Gen.ULong[0, 1UL << 40]
            from ahead in Gen.ULong[1, 1UL << 16]
            from payload in Gen.Byte.Array[4, 1400]
            select (longHeader, cidLength, acked, pn: acked + ahead, payload);
        gen.Sample(t =>
        {
            int pnLength = PacketNumberEncoding.GetEncodedLength(t.pn, t.acked);
            var (packet, pnOffset) = Build(t.longHeader, t.cidLength, pnLength, t.payload, slack: 8);
            var header = packet.AsSpan(0, pnOffset).ToArray();
            header[0] |= (byte)(pnLength - 1);

            int length = protection.Protect(packet, pnOffset, pnLength, t.pn, t.payload.Length);
            if (length != packet.Length - 8 || packet.AsSpan(length).IndexOfAnyExcept((byte)0) >= 0) return false;

            // The receiver has processed at least the acknowledged packet.
            bool ok = protection.TryUnprotect(packet.AsSpan(0, length), pnOffset, (long)t.acked,
                out ulong pn, out int gotPnLength, out Range payload);
            return ok && pn == t.pn && gotPnLength == pnLength
                && packet.AsSpan(0, pnOffset).SequenceEqual(header)
                && packet.AsSpan(payload).SequenceEqual(t.payload);
        }, iter: 300, threads: 1, seed: "0N0XIzNsQ0O2");
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Rejects_every_single_flipped_bit(CipherSuite suite, uint version)
    {
        using var protection = RandomKeys(suite, version);
        foreach (bool longHeader in new[] { false, true })
        {
            var (packet, pnOffset) = Build(longHeader, cidLength: 8, pnLength: 2, RandomNumberGenerator.GetBytes(24));
            protection.Protect(packet, pnOffset, 2, 0x1234, 24);
            for (int bit = 0; bit < packet.Length * 8; bit++)
            {
                var copy = (byte[])packet.Clone();
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(protection.TryUnprotect(copy, pnOffset, 0x1200, out _, out _, out _), $"bit {bit}, long header {longHeader}");
            }
            Assert.True(protection.TryUnprotect(packet, pnOffset, 0x1200, out ulong pn, out _, out _));
            Assert.Equal(0x1234UL, pn);
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Other_keys_cannot_open(CipherSuite suite, uint version)
    {
        using var sender = RandomKeys(suite, version);
        using var stranger = RandomKeys(suite, version);
        var (packet, pnOffset) = Build(false, 8, 1, new byte[100]);
        sender.Protect(packet, pnOffset, 1, 7, 100);
        Assert.False(stranger.TryUnprotect(packet, pnOffset, 6, out _, out _, out _));
    }

    [Fact]
    public void A_version_mismatch_cannot_open()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        using var v1 = new PacketProtection(CipherSuite.Aes128GcmSha256, secret, QuicVersion.V1);
        using var v2 = new PacketProtection(CipherSuite.Aes128GcmSha256, secret, QuicVersion.V2);
        var (packet, pnOffset) = Build(true, 8, 4, new byte[50]);
        v1.Protect(packet, pnOffset, 4, 1, 50);
        Assert.False(v2.TryUnprotect(packet, pnOffset, 0, out _, out _, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Packets_too_short_for_a_sample_are_false_not_exceptions(CipherSuite suite, uint version)
    {
        using var protection = RandomKeys(suite, version);
        const int pnOffset = 9;
        // The sample needs pnOffset + 4 + 16 bytes (RFC 9001 §5.4.2).
        for (int length = 0; length < pnOffset + 20; length++)
            Assert.False(protection.TryUnprotect(new byte[length], pnOffset, -1, out _, out _, out _), $"length {length}");
        Assert.False(protection.TryUnprotect(new byte[100], -1, -1, out _, out _, out _));
        Assert.False(protection.TryUnprotect(new byte[100], 0, -1, out _, out _, out _));
        Assert.False(protection.TryUnprotect(new byte[100], int.MaxValue, -1, out _, out _, out _));
        Assert.False(protection.TryUnprotect(new byte[100], int.MinValue, -1, out _, out _, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Random_garbage_never_throws(CipherSuite suite, uint version)
    {
        using var protection = RandomKeys(suite, version);
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Int[-2, 210], Gen.Long[-1, 1L << 40]).Sample((bytes, pnOffset, largest) =>
            !protection.TryUnprotect(bytes, pnOffset, largest, out _, out _, out _), iter: 500, threads: 1, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void The_smallest_packet_needs_four_bytes_of_packet_number_and_payload()
    {
        using var protection = RandomKeys(CipherSuite.Aes128GcmSha256, QuicVersion.V1);
        // First byte, 1-byte packet number, 3 bytes of frames, tag: 21 bytes (as in RFC 9001 A.5).
        var packet = new byte[1 + 1 + 3 + PacketProtection.TagLength];
        packet[0] = 0x40;
        Assert.Throws<ArgumentException>(() => protection.Protect(packet, 1, 1, 0, 2));
        Assert.Equal(21, protection.Protect(packet, 1, 1, 0, 3));
        Assert.True(protection.TryUnprotect(packet, 1, -1, out ulong pn, out _, out Range payload));
        Assert.Equal(0UL, pn);
        Assert.Equal(3, payload.GetOffsetAndLength(21).Length);
        Assert.False(protection.TryUnprotect(packet.AsSpan(0, 20), 1, -1, out _, out _, out _));
    }

    [Fact]
    public void Protect_rejects_caller_bugs()
    {
        using var protection = RandomKeys(CipherSuite.Aes128GcmSha256, QuicVersion.V1);
        var packet = new byte[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => protection.Protect(packet, 1, 0, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => protection.Protect(packet, 1, 5, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => protection.Protect(packet, 0, 1, 0, 10));
        Assert.Throws<ArgumentException>(() => protection.Protect(packet, 1, 4, 0, 60));
        Assert.Throws<ArgumentOutOfRangeException>(() => protection.Protect(packet, 1, 4, 1UL << 62, 10));
    }

    [Fact]
    public void Rejects_secrets_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => new PacketProtection(CipherSuite.Aes256GcmSha384, new byte[32], QuicVersion.V1));
        Assert.Throws<ArgumentException>(() => new PacketProtection(CipherSuite.Aes128GcmSha256, new byte[48], QuicVersion.V1));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Protect_and_unprotect_do_not_allocate(CipherSuite suite, uint version)
    {
        using var protection = RandomKeys(suite, version);
        var (template, pnOffset) = Build(false, 8, 2, new byte[1200 - 9 - 2 - 16]);
        var packet = new byte[template.Length];
        void RoundTrip()
        {
            template.CopyTo(packet, 0);
            protection.Protect(packet, pnOffset, 2, 1000, 1200 - 9 - 2 - 16);
            protection.TryUnprotect(packet, pnOffset, 999, out _, out _, out _);
        }
        for (int i = 0; i < 100; i++) RoundTrip();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) RoundTrip();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Exposes_the_aead_limits()
    {
        using var aes = RandomKeys(CipherSuite.Aes256GcmSha384, QuicVersion.V1);
        using var chacha = RandomKeys(CipherSuite.ChaCha20Poly1305Sha256, QuicVersion.V1);
        Assert.Equal(1UL << 23, aes.ConfidentialityLimit);
        Assert.Equal(1UL << 52, aes.IntegrityLimit);
        Assert.Equal(1UL << 36, chacha.IntegrityLimit);
        Assert.True(chacha.ConfidentialityLimit > PacketNumberEncoding.MaxPacketNumber);
        Assert.Equal(8_388_608UL, AeadLimits.GetConfidentialityLimit(CipherSuite.Aes128GcmSha256));
    }
}
