using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>The header protection primitives (RFC 9001 §5.4.3, §5.4.4) against independent references.</summary>
public class HeaderProtectionTests
{
    [Theory]
    // FIPS-197 appendix C.1 and C.3: plaintext 00112233445566778899aabbccddeeff.
    [InlineData("000102030405060708090a0b0c0d0e0f", "69c4e0d86a")]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca51")]
    public void Aes_matches_fips197(string key, string maskHex)
    {
        var sample = Convert.FromHexString("00112233445566778899aabbccddeeff");
        Span<byte> mask = stackalloc byte[HeaderProtection.MaskLength];
        using var portable = new AesTransformHeaderProtection(Convert.FromHexString(key));
        portable.ComputeMask(sample, mask);
        Assert.Equal(maskHex, Convert.ToHexStringLower(mask));
        if (!AesNiHeaderProtection.IsSupported) return;
        using var native = new AesNiHeaderProtection(Convert.FromHexString(key));
        mask.Clear();
        native.ComputeMask(sample, mask);
        Assert.Equal(maskHex, Convert.ToHexStringLower(mask));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Aes_ni_and_the_portable_fallback_agree(int keyLength)
    {
        if (!AesNiHeaderProtection.IsSupported) return; // nothing to compare against (xunit 2 has no dynamic skip)
        Span<byte> a = stackalloc byte[HeaderProtection.MaskLength];
        Span<byte> b = stackalloc byte[HeaderProtection.MaskLength];
        for (int k = 0; k < 50; k++)
        {
            var key = RandomNumberGenerator.GetBytes(keyLength);
            using var native = new AesNiHeaderProtection(key);
            using var portable = new AesTransformHeaderProtection(key);
            for (int s = 0; s < 20; s++)
            {
                var sample = RandomNumberGenerator.GetBytes(16);
                native.ComputeMask(sample, a);
                portable.ComputeMask(sample, b);
                Assert.Equal(Convert.ToHexString(b), Convert.ToHexString(a));
            }
        }
    }

    [Fact]
    public void Chacha20_block_matches_rfc8439_section_2_3_2()
    {
        var keyBytes = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var key = new uint[8];
        for (int i = 0; i < 8; i++) key[i] = BitConverter.ToUInt32(keyBytes, 4 * i);
        var block = new byte[64];
        ChaCha20Block.Compute(key, 1, Convert.FromHexString("000000090000004a00000000"), block);
        Assert.Equal(
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e" +
            "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
            Convert.ToHexStringLower(block));
    }

    [Fact]
    public void Chacha20_block_matches_bouncycastle_keystream()
    {
        for (int trial = 0; trial < 20; trial++)
        {
            var keyBytes = RandomNumberGenerator.GetBytes(32);
            var nonce = RandomNumberGenerator.GetBytes(12);
            uint counter = (uint)Random.Shared.Next(0, 4);
            var engine = new ChaCha7539Engine();
            engine.Init(true, new ParametersWithIV(new KeyParameter(keyBytes), nonce));
            var stream = new byte[64 * (counter + 1)];
            engine.ProcessBytes(new byte[stream.Length], 0, stream.Length, stream, 0);

            var key = new uint[8];
            for (int i = 0; i < 8; i++) key[i] = BitConverter.ToUInt32(keyBytes, 4 * i);
            var block = new byte[64];
            ChaCha20Block.Compute(key, counter, nonce, block);
            Assert.Equal(Convert.ToHexString(stream, 64 * (int)counter, 64), Convert.ToHexString(block));
        }
    }

    [Fact]
    public void Chacha20_mask_uses_the_sample_counter_little_endian()
    {
        var hpKey = RandomNumberGenerator.GetBytes(32);
        using var hp = HeaderProtection.Create(CipherSuite.ChaCha20Poly1305Sha256, hpKey);
        var sample = RandomNumberGenerator.GetBytes(16);
        sample[0] = 2; sample[1] = 0; sample[2] = 0; sample[3] = 0;
        Span<byte> mask = stackalloc byte[HeaderProtection.MaskLength];
        hp.ComputeMask(sample, mask);

        // Counter 2 → the third keystream block of a stream started at counter 0.
        var engine = new ChaCha7539Engine();
        engine.Init(true, new ParametersWithIV(new KeyParameter(hpKey), sample[4..]));
        var stream = new byte[192];
        engine.ProcessBytes(new byte[192], 0, 192, stream, 0);
        Assert.Equal(Convert.ToHexString(stream, 128, 5), Convert.ToHexString(mask));
    }

    [Fact]
    public void Validates_key_sample_and_mask_lengths()
    {
        Assert.Throws<ArgumentException>(() => HeaderProtection.Create(CipherSuite.Aes128GcmSha256, new byte[32]));
        Assert.Throws<ArgumentException>(() => HeaderProtection.Create(CipherSuite.ChaCha20Poly1305Sha256, new byte[16]));
        using var hp = HeaderProtection.Create(CipherSuite.Aes128GcmSha256, new byte[16]);
        Assert.Throws<ArgumentException>(() => hp.ComputeMask(new byte[15], new byte[5]));
        Assert.Throws<ArgumentException>(() => hp.ComputeMask(new byte[16], new byte[4]));
    }
}
