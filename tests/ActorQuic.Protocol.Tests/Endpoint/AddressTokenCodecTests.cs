using System.Net;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Endpoint;

public class AddressTokenCodecTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly IPEndPoint Client = new(IPAddress.Parse("127.0.0.5"), 50000);
    private static readonly ConnectionId Odcid = ConnectionId.FromHex("8394c8f03e515708");
    private static readonly ConnectionId Rscid = ConnectionId.FromHex("f067a5502a4262b5");

    private static AddressTokenCodec NewCodec() => new(Key, TimeSpan.FromSeconds(10), TimeSpan.FromHours(24), maxRememberedTokens: 4);

    [Fact]
    public void Retry_token_round_trips_the_connection_ids()
    {
        using var codec = NewCodec();
        var token = codec.CreateRetryToken(Client, Odcid, Rscid, nowMs: 1_000);
        Assert.Equal(AddressTokenValidation.Valid, codec.Validate(token, Client, 1_500, out var result));
        Assert.Equal(AddressTokenKind.Retry, result.Kind);
        Assert.Equal(Odcid, result.OriginalDestinationConnectionId);
        Assert.Equal(Rscid, result.RetrySourceConnectionId);
        Assert.True(token.Length <= AddressTokenCodec.MaxTokenLength);
    }

    [Fact]
    public void Retry_token_is_bound_to_address_and_port()
    {
        using var codec = NewCodec();
        var token = codec.CreateRetryToken(Client, Odcid, Rscid, 1_000);
        Assert.Equal(AddressTokenValidation.Invalid, codec.Validate(token, new IPEndPoint(Client.Address, 50001), 1_001, out _));
        Assert.Equal(AddressTokenValidation.Invalid, codec.Validate(token, new IPEndPoint(IPAddress.Parse("127.0.0.6"), 50000), 1_001, out _));
    }

    [Fact]
    public void Retry_token_expires_quickly_and_is_not_accepted_from_the_future()
    {
        using var codec = NewCodec();
        var token = codec.CreateRetryToken(Client, Odcid, Rscid, 1_000);
        Assert.Equal(AddressTokenValidation.Valid, codec.Validate(token, Client, 11_000, out _));
        Assert.Equal(AddressTokenValidation.Expired, codec.Validate(token, Client, 11_001, out _));
        Assert.Equal(AddressTokenValidation.Expired, codec.Validate(token, Client, 999, out _));
    }

    [Fact]
    public void New_token_survives_a_port_change_but_is_single_use()
    {
        using var codec = NewCodec();
        var token = codec.CreateNewToken(Client.Address, 1_000);
        var laterClient = new IPEndPoint(Client.Address, 40000);
        Assert.Equal(AddressTokenValidation.Valid, codec.Validate(token, laterClient, 60_000, out var result));
        Assert.Equal(AddressTokenKind.NewToken, result.Kind);
        Assert.Equal(AddressTokenValidation.Replayed, codec.Validate(token, laterClient, 60_001, out _));
    }

    [Fact]
    public void New_tokens_are_unique_and_bound_to_the_ip()
    {
        using var codec = NewCodec();
        var a = codec.CreateNewToken(Client.Address, 1_000);
        var b = codec.CreateNewToken(Client.Address, 1_000);
        Assert.NotEqual(a, b);
        Assert.Equal(AddressTokenValidation.Invalid, codec.Validate(a, new IPEndPoint(IPAddress.IPv6Loopback, 1), 2_000, out _));
    }

    [Fact]
    public void Ipv4_and_ipv4_mapped_ipv6_clients_are_the_same_address()
    {
        using var codec = NewCodec();
        var token = codec.CreateRetryToken(Client, Odcid, Rscid, 1_000);
        var mapped = new IPEndPoint(Client.Address.MapToIPv6(), Client.Port);
        Assert.Equal(AddressTokenValidation.Valid, codec.Validate(token, mapped, 1_001, out _));
    }

    [Fact]
    public void Replay_memory_is_bounded_and_forgets_expired_tokens()
    {
        using var codec = new AddressTokenCodec(Key, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(100), maxRememberedTokens: 2);
        var tokens = Enumerable.Range(0, 3).Select(_ => codec.CreateNewToken(Client.Address, 0)).ToArray();
        Assert.Equal(AddressTokenValidation.Valid, codec.Validate(tokens[0], Client, 10, out _));
        Assert.Equal(AddressTokenValidation.Valid, codec.Validate(tokens[1], Client, 10, out _));
        // Full of unexpired entries: refuse rather than grow.
        Assert.Equal(AddressTokenValidation.Replayed, codec.Validate(tokens[2], Client, 10, out _));
        var fresh = codec.CreateNewToken(Client.Address, 100_001);
        Assert.Equal(AddressTokenValidation.Valid, codec.Validate(fresh, Client, 100_001, out _));
    }

    [Fact]
    public void Tampered_truncated_foreign_and_random_tokens_are_invalid()
    {
        using var codec = NewCodec();
        var token = codec.CreateRetryToken(Client, Odcid, Rscid, 1_000);
        for (int i = 0; i < token.Length; i++)
        {
            var bad = (byte[])token.Clone();
            bad[i] ^= 0x20;
            Assert.NotEqual(AddressTokenValidation.Valid, codec.Validate(bad, Client, 1_001, out _));
        }
        for (int n = 0; n < token.Length; n++)
            Assert.Equal(AddressTokenValidation.Invalid, codec.Validate(token.AsSpan(0, n), Client, 1_001, out _));

        using var other = new AddressTokenCodec(new byte[32], TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        Assert.Equal(AddressTokenValidation.Invalid, other.Validate(token, Client, 1_001, out _));

        var random = new Random(1234);
        for (int i = 0; i < 10_000; i++)
        {
            var junk = new byte[random.Next(0, 100)];
            random.NextBytes(junk);
            Assert.NotEqual(AddressTokenValidation.Valid, codec.Validate(junk, Client, 1_001, out _));
        }
    }

    [Fact]
    public void Key_must_be_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new AddressTokenCodec(new byte[16], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
    }
}
