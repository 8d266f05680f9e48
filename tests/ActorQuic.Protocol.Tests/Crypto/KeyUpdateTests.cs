using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>Key update (RFC 9001 §6.1): new AEAD keys from the "ku" secret, header protection unchanged.</summary>
public class KeyUpdateTests
{
    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Derives_the_appendix_a5_ku_secret(uint version)
    {
        var v = ProtectionVectors.For(version);
        var next = KeyUpdate.NextSecret(CipherSuite.ChaCha20Poly1305Sha256, Convert.FromHexString(v.ChaChaSecret), version);
        Assert.Equal(v.ChaChaKu, Convert.ToHexStringLower(next));
    }

    [Fact]
    public void Next_secret_is_hash_length()
    {
        Assert.Equal(48, KeyUpdate.NextSecret(CipherSuite.Aes256GcmSha384, new byte[48], QuicVersion.V1).Length);
        Assert.Equal(32, KeyUpdate.NextSecret(CipherSuite.Aes128GcmSha256, new byte[32], QuicVersion.V2).Length);
        Assert.Throws<ArgumentException>(() => KeyUpdate.NextSecret(CipherSuite.Aes128GcmSha256, new byte[32], QuicVersion.V1, new byte[48]));
    }

    [Theory]
    [InlineData(CipherSuite.Aes128GcmSha256, QuicVersion.V1)]
    [InlineData(CipherSuite.Aes256GcmSha384, QuicVersion.V1)]
    [InlineData(CipherSuite.ChaCha20Poly1305Sha256, QuicVersion.V2)]
    public void Next_generation_changes_aead_keys_but_keeps_header_protection(CipherSuite suite, uint version)
    {
        var secret = RandomNumberGenerator.GetBytes(suite.GetHashLength());
        using var gen0 = new PacketProtection(suite, secret, version);
        using var gen1 = gen0.NextGeneration();
        using var gen2 = gen1.NextGeneration();
        var secret1 = KeyUpdate.NextSecret(suite, secret, version);
        var secret2 = KeyUpdate.NextSecret(suite, secret1, version);
        // Built directly from the derived secrets, these have the right AEAD keys but their own
        // (wrong) header protection keys, which tells the two apart.
        using var direct1 = new PacketProtection(suite, secret1, version);
        using var direct2 = new PacketProtection(suite, secret2, version);

        foreach (var (sender, direct) in new[] { (gen1, direct1), (gen2, direct2) })
        {
            var packet = ShortPacket();
            sender.Protect(packet, 1, 2, 42, 40);

            var viaOldHeaderKey = (byte[])packet.Clone();
            Assert.True(gen0.TryRemoveHeaderProtection(viaOldHeaderKey, 1, 41, out ulong pn, out int pnLength));
            Assert.Equal(42UL, pn);
            Assert.Equal(2, pnLength);
            Assert.True(direct.TryOpen(viaOldHeaderKey, 1, pnLength, pn, out _));

            var wrongAead = (byte[])packet.Clone();
            Assert.True(gen0.TryRemoveHeaderProtection(wrongAead, 1, 41, out pn, out pnLength));
            Assert.False(gen0.TryOpen(wrongAead, 1, pnLength, pn, out _));

            Assert.True(sender.TryUnprotect((byte[])packet.Clone(), 1, 41, out _, out _, out _));
            Assert.False(direct.TryUnprotect((byte[])packet.Clone(), 1, 41, out _, out _, out _));
        }
    }

    [Fact]
    public void Key_phase_bit_is_readable_after_removing_header_protection()
    {
        using var gen0 = new PacketProtection(CipherSuite.Aes128GcmSha256, RandomNumberGenerator.GetBytes(32), QuicVersion.V1);
        using var gen1 = gen0.NextGeneration();
        var packet = ShortPacket();
        packet[0] = 0x44; // key phase 1 (RFC 9000 §17.3.1)
        gen1.Protect(packet, 1, 2, 5, 40);
        Assert.True(gen0.TryRemoveHeaderProtection(packet, 1, 4, out ulong pn, out int pnLength));
        Assert.Equal(0x04, packet[0] & 0x04);
        Assert.True(gen1.TryOpen(packet, 1, pnLength, pn, out _));
    }

    private static byte[] ShortPacket()
    {
        var packet = new byte[1 + 2 + 40 + PacketProtection.TagLength];
        packet[0] = 0x40;
        return packet;
    }
}
