using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>RFC 9001 A.4 and RFC 9369 A.4: the Retry Integrity Tag.</summary>
public class RetryIntegrityTests
{
    private static readonly byte[] Odcid = Convert.FromHexString(ProtectionVectors.ClientDcid);

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Computes_the_appendix_a4_tag(uint version)
    {
        var retry = Convert.FromHexString(ProtectionVectors.For(version).Retry);
        var packet = retry.AsSpan(0, retry.Length - RetryIntegrity.TagLength).ToArray();
        Span<byte> tag = stackalloc byte[RetryIntegrity.TagLength];

        RetryIntegrity.ComputeTag(version, Odcid, packet, tag);

        Assert.Equal(Convert.ToHexStringLower(retry.AsSpan(retry.Length - 16)), Convert.ToHexStringLower(tag));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Verifies_the_appendix_a4_packet(uint version)
    {
        var retry = Convert.FromHexString(ProtectionVectors.For(version).Retry);
        Assert.True(RetryIntegrity.Verify(version, Odcid, retry));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Rejects_any_flipped_bit(uint version)
    {
        var retry = Convert.FromHexString(ProtectionVectors.For(version).Retry);
        for (int bit = 0; bit < retry.Length * 8; bit++)
        {
            var copy = (byte[])retry.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(RetryIntegrity.Verify(version, Odcid, copy), $"bit {bit}");
        }
    }

    [Fact]
    public void Rejects_the_wrong_original_dcid_version_or_length()
    {
        var v1 = Convert.FromHexString(Rfc9001Vectors.Values.Retry);
        var otherOdcid = (byte[])Odcid.Clone();
        otherOdcid[0] ^= 1;
        Assert.False(RetryIntegrity.Verify(QuicVersion.V1, otherOdcid, v1));
        Assert.False(RetryIntegrity.Verify(QuicVersion.V2, Odcid, v1));
        Assert.False(RetryIntegrity.Verify(0x12345678, Odcid, v1));
        Assert.False(RetryIntegrity.Verify(QuicVersion.V1, new byte[21], v1));
        Assert.False(RetryIntegrity.Verify(QuicVersion.V1, Odcid, v1.AsSpan(0, 15)));
        Assert.False(RetryIntegrity.Verify(QuicVersion.V1, Odcid, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Handles_tokens_longer_than_the_stack_buffer()
    {
        var packet = new byte[4000 + RetryIntegrity.TagLength];
        Random.Shared.NextBytes(packet);
        RetryIntegrity.ComputeTag(QuicVersion.V2, Odcid, packet.AsSpan(0, 4000), packet.AsSpan(4000));
        Assert.True(RetryIntegrity.Verify(QuicVersion.V2, Odcid, packet));
    }
}
