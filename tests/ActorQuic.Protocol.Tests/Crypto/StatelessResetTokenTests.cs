using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>Stateless reset tokens from a static key (RFC 9000 §10.3.2).</summary>
public class StatelessResetTokenTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly ConnectionId Cid = ConnectionId.FromHex("8394c8f03e515708");

    [Fact]
    public void Is_hmac_sha256_of_the_connection_id_truncated_to_16_bytes()
    {
        var expected = HMACSHA256.HashData(Key, Cid.ToArray())[..16];
        Assert.Equal(expected, new StatelessResetTokenGenerator(Key).Generate(Cid));
    }

    [Fact]
    public void Is_deterministic_across_instances_so_it_survives_a_restart()
    {
        var a = new StatelessResetTokenGenerator(Key).Generate(Cid);
        var b = new StatelessResetTokenGenerator(Key).Generate(Cid);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Differs_per_connection_id_and_per_key()
    {
        var generator = new StatelessResetTokenGenerator(Key);
        var other = ConnectionId.FromHex("8394c8f03e515709");
        Assert.NotEqual(generator.Generate(Cid), generator.Generate(other));
        Assert.NotEqual(generator.Generate(Cid), StatelessResetTokenGenerator.CreateRandom().Generate(Cid));
    }

    [Fact]
    public void Matches_in_constant_time_helpers()
    {
        var generator = new StatelessResetTokenGenerator(Key);
        var token = generator.Generate(Cid);
        Assert.True(generator.Matches(Cid.Span, token));
        var wrong = (byte[])token.Clone();
        wrong[15] ^= 0x80;
        Assert.False(generator.Matches(Cid.Span, wrong));
        Assert.False(generator.Matches(Cid.Span, token.AsSpan(0, 15)));
        Assert.False(generator.Matches(ReadOnlySpan<byte>.Empty, token));
        Assert.True(StatelessResetTokenGenerator.TokensEqual(token, (byte[])token.Clone()));
        Assert.False(StatelessResetTokenGenerator.TokensEqual(token, wrong));
        Assert.False(StatelessResetTokenGenerator.TokensEqual(token.AsSpan(0, 8), token.AsSpan(0, 8)));
    }

    [Fact]
    public void Refuses_short_keys_and_empty_connection_ids()
    {
        Assert.Throws<ArgumentException>(() => new StatelessResetTokenGenerator(new byte[16]));
        Assert.Throws<ArgumentException>(() => new StatelessResetTokenGenerator(Key).Generate(ConnectionId.Empty));
    }
}
