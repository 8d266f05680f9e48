using System.Net;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Endpoint.RouterHarness;

namespace ActorQuic.Protocol.Tests.Endpoint;

/// <summary>Address validation (RFC 9000 §8.1): Retry, Retry tokens, NEW_TOKEN tokens, INVALID_TOKEN.</summary>
public class EndpointRouterRetryTests
{
    private static EndpointRouter<string> NewRouter(bool requireRetry = true, AddressTokenCodec? codec = null, int seed = 1234) =>
        new(ServerOptions(seed, requireRetry: requireRetry, codec: codec), new TestTable());

    /// <summary>Runs the first leg: the client's Initial gets a Retry, which must verify as the client would check it.</summary>
    private static RetryPacket GetRetry(EndpointRouter<string> router, uint version, long nowMs = 1_000)
    {
        var decision = router.Route(ClientInitial(version, ClientDcid, ClientScid), nowMs);
        Assert.Equal(RouteDecisionKind.SendRetry, decision.Kind);
        Assert.True(RetryPacket.TryParse(decision.Response, out var retry));
        Assert.Equal(version, retry.Version);
        // RFC 9000 §17.2.5.1: to the client's SCID, from a new CID that is not the client's DCID.
        Assert.Equal(ClientScid.ToArray(), retry.DestinationConnectionId.ToArray());
        Assert.Equal(router.Options.LocalConnectionIdLength, retry.SourceConnectionId.Length);
        Assert.NotEqual(ClientDcid.ToArray(), retry.SourceConnectionId.ToArray());
        // RFC 9001 §5.8: the tag is keyed to the DCID of the Initial it answers.
        Assert.True(RetryIntegrity.Verify(version, ClientDcid.Span, decision.Response.Span));
        Assert.False(RetryIntegrity.Verify(version, ClientScid.Span, decision.Response.Span));
        Assert.True(decision.Response.Length < 1200 / 3);
        return retry;
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Retry_then_the_echoed_token_opens_a_validated_connection_with_the_original_ids(uint version)
    {
        var router = NewRouter();
        var retry = GetRetry(router, version);
        var retryScid = new ConnectionId(retry.SourceConnectionId.Span);

        // RFC 9000 §17.2.5.2: the client now sends to the Retry's SCID, with the token.
        var decision = router.Route(ClientInitial(version, retryScid, ClientScid, retry.Token.Span), nowMs: 1_050);
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, decision.Kind);
        var c = decision.Connection;
        Assert.Equal(InitialTokenStatus.RetryTokenValid, c.Token);
        Assert.True(c.AddressValidated);
        Assert.True(c.WasRetried);
        Assert.Equal(retryScid, c.DestinationConnectionId);
        // RFC 9000 §7.3: the transport parameters must carry these two.
        Assert.Equal(ClientDcid, c.OriginalDestinationConnectionId);
        Assert.Equal(retryScid, c.RetrySourceConnectionId);
        Assert.Equal(1, router.Statistics.RetriesSent);
        Assert.Equal(1, router.Statistics.ConnectionsAccepted);
    }

    [Fact]
    public void Retry_scids_are_fresh_each_time()
    {
        var router = NewRouter();
        var a = GetRetry(router, QuicVersion.V1).SourceConnectionId.ToArray();
        var b = GetRetry(router, QuicVersion.V1).SourceConnectionId.ToArray();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_retry_scid_never_equals_the_client_dcid_even_if_randomness_says_so()
    {
        // A source that always yields the client's DCID bytes: §17.2.5.1 still holds.
        var options = new EndpointRouterOptions
        {
            AcceptNewConnections = true, RequireRetry = true, TokenCodec = NewCodec(),
            Random = span => { for (int i = 0; i < span.Length; i++) span[i] = ClientDcid.Span[i % ClientDcid.Length]; },
        };
        var router = new EndpointRouter<string>(options, new TestTable());
        var decision = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid));
        Assert.True(RetryPacket.TryParse(decision.Response, out var retry));
        Assert.NotEqual(ClientDcid.ToArray(), retry.SourceConnectionId.ToArray());
    }

    [Fact]
    public void An_initial_with_a_retry_token_never_gets_a_second_retry()
    {
        // RFC 9000 §8.1.2, §17.2.5.2: the client accepts one Retry; a bad Retry token can only be refused.
        var router = NewRouter();
        var retry = GetRetry(router, QuicVersion.V1);
        var retryScid = new ConnectionId(retry.SourceConnectionId.Span);
        var tampered = retry.Token.ToArray();
        tampered[^1] ^= 1;
        var decision = router.Route(ClientInitial(QuicVersion.V1, retryScid, ClientScid, tampered), nowMs: 1_010);
        Assert.Equal(RouteDecisionKind.SendInitialClose, decision.Kind);
        Assert.Equal(1, router.Statistics.RetriesSent);
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void An_expired_retry_token_earns_an_invalid_token_close_the_client_can_open(uint version)
    {
        var router = NewRouter();
        var retry = GetRetry(router, version, nowMs: 1_000);
        var retryScid = new ConnectionId(retry.SourceConnectionId.Span);
        // The codec's Retry tokens live 10 s.
        var decision = router.Route(ClientInitial(version, retryScid, ClientScid, retry.Token.Span), nowMs: 11_001);
        Assert.Equal(RouteDecisionKind.SendInitialClose, decision.Kind);
        Assert.Equal(TransportErrorCode.InvalidToken, decision.CloseErrorCode);

        // The client opens it with the Initial keys of the DCID it sent (the Retry's SCID, RFC 9001 §5.2).
        var frames = OpenServerInitial(decision.Response.ToArray(), version, retryScid, ClientScid);
        var close = frames.OfType<ConnectionCloseFrame>().Single();
        Assert.Equal(FrameType.ConnectionClose, close.Type); // 0x1c, the only close allowed in Initials
        Assert.Equal(0x0bUL, close.ErrorCode);
        Assert.Equal("invalid token", close.GetReasonString());
        Assert.Equal(1, router.Statistics.InvalidTokenClosesSent);
    }

    [Fact]
    public void A_retry_token_from_another_address_or_for_another_dcid_is_invalid()
    {
        var router = NewRouter();
        var retry = GetRetry(router, QuicVersion.V1);
        var retryScid = new ConnectionId(retry.SourceConnectionId.Span);
        var initial = ClientInitial(QuicVersion.V1, retryScid, ClientScid, retry.Token.Span);
        // §8.1.4: bound to the client's address and port.
        var moved = router.Route(initial, nowMs: 1_010, from: new IPEndPoint(Client.Address, Client.Port + 1));
        Assert.Equal(TransportErrorCode.InvalidToken, moved.CloseErrorCode);
        // The token names the Retry's SCID; an Initial to another DCID is not the retried attempt.
        var otherDcid = ConnectionId.FromHex("0102030405060708");
        var wrong = router.Route(ClientInitial(QuicVersion.V1, otherDcid, ClientScid, retry.Token.Span), nowMs: 1_010);
        Assert.Equal(TransportErrorCode.InvalidToken, wrong.CloseErrorCode);
        // Unchanged, it still works.
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, router.Route(initial, nowMs: 1_020).Kind);
    }

    [Fact]
    public void An_invalid_retry_token_is_refused_even_when_retry_is_not_required()
    {
        // Without the ODCID from the token the server cannot fill original_destination_connection_id
        // (RFC 9000 §7.3), so accepting would only fail later.
        using var codec = NewCodec();
        var router = NewRouter(requireRetry: false, codec: codec);
        var token = codec.CreateRetryToken(Client, ClientDcid, ConnectionId.FromHex("1111111111111111"), 1_000);
        var decision = router.Route(ClientInitial(QuicVersion.V1, ConnectionId.FromHex("2222222222222222"), ClientScid, token), nowMs: 1_001);
        Assert.Equal(TransportErrorCode.InvalidToken, decision.CloseErrorCode);
    }

    [Fact]
    public void A_valid_new_token_skips_the_retry()
    {
        using var codec = NewCodec();
        var router = NewRouter(codec: codec);
        var token = codec.CreateNewToken(Client.Address, 1_000);
        var decision = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, token), nowMs: 60_000);
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, decision.Kind);
        Assert.Equal(InitialTokenStatus.NewTokenValid, decision.Connection.Token);
        Assert.True(decision.Connection.AddressValidated);
        Assert.False(decision.Connection.WasRetried);
        Assert.Equal(ClientDcid, decision.Connection.OriginalDestinationConnectionId);

        // Single use (§8.1.4): the replay is treated as unvalidated, so it gets a Retry, not a close (§8.1.3).
        var replay = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, token), nowMs: 60_001);
        Assert.Equal(RouteDecisionKind.SendRetry, replay.Kind);
    }

    [Fact]
    public void Foreign_tokens_are_ignored_not_punished()
    {
        // RFC 9000 §8.1.3: an unusable token leaves the client unvalidated; without RequireRetry it is accepted.
        var router = NewRouter(requireRetry: false);
        var foreign = new byte[40];
        new Random(3).NextBytes(foreign);
        foreign[0] = 0x77;
        var decision = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, foreign));
        Assert.Equal(RouteDecisionKind.AcceptNewConnection, decision.Kind);
        Assert.Equal(InitialTokenStatus.Ignored, decision.Connection.Token);
        Assert.False(decision.Connection.AddressValidated);
        // With RequireRetry the same Initial is asked to validate.
        Assert.Equal(RouteDecisionKind.SendRetry, NewRouter().Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, foreign)).Kind);
    }

    [Fact]
    public void Without_a_codec_tokens_are_ignored()
    {
        var options = new EndpointRouterOptions { AcceptNewConnections = true };
        var router = new EndpointRouter<string>(options, new TestTable());
        var decision = router.Route(ClientInitial(QuicVersion.V1, ClientDcid, ClientScid, [1, 2, 3, 4]));
        Assert.Equal(InitialTokenStatus.Ignored, decision.Connection.Token);
    }

    [Fact]
    public void Retry_needs_a_codec()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EndpointRouter<string>(
            new EndpointRouterOptions { AcceptNewConnections = true, RequireRetry = true }, new TestTable()));
        Assert.Equal("TokenCodec", ex.ParamName);
    }
}
