using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Transport;

/// <summary>RFC 9000 §7.3, using the connection IDs of figures 7 and 8.</summary>
public class ConnectionIdAuthenticationTests
{
    private static readonly ConnectionId S1 = ConnectionId.FromHex("5151515151515151");
    private static readonly ConnectionId S2 = ConnectionId.FromHex("52525252");
    private static readonly ConnectionId S3 = ConnectionId.FromHex("5353");
    private static readonly ConnectionId C1 = ConnectionId.FromHex("c1c1c1c1");

    private static readonly TransportParameters Server = new()
    {
        OriginalDestinationConnectionId = S1,
        InitialSourceConnectionId = S3,
    };

    private static readonly TransportParameters ServerAfterRetry = Server with { RetrySourceConnectionId = S2 };

    private static readonly TransportParameters Client = new() { InitialSourceConnectionId = C1 };

    private static void AssertRejected(Action validate)
    {
        var error = Assert.Throws<QuicProtocolException>(validate);
        Assert.Equal(TransportErrorCode.TransportParameterError, error.ErrorCode);
    }

    private static void ValidateServer(TransportParameters server, ConnectionId scid, ConnectionId odcid, ConnectionId? retry) =>
        ConnectionIdAuthentication.Validate(server, TransportParameterSender.Server, scid, odcid, retry);

    private static void ValidateClient(TransportParameters client, ConnectionId scid) =>
        ConnectionIdAuthentication.Validate(client, TransportParameterSender.Client, scid, default, null);

    [Fact]
    public void Handshake_without_retry_is_authentic()
    {
        ValidateServer(Server, S3, S1, null);
        ValidateClient(Client, C1);
    }

    [Fact]
    public void Handshake_with_retry_is_authentic()
    {
        ValidateServer(ServerAfterRetry, S3, S1, S2);
        // The server validates the client the same way whether or not it sent a Retry.
        ValidateClient(Client, C1);
    }

    [Fact]
    public void Zero_length_connection_ids_are_authentic_when_declared()
    {
        var server = new TransportParameters
        {
            OriginalDestinationConnectionId = S1,
            InitialSourceConnectionId = ConnectionId.Empty,
        };
        ValidateServer(server, ConnectionId.Empty, S1, null);
        ValidateClient(new TransportParameters { InitialSourceConnectionId = ConnectionId.Empty }, ConnectionId.Empty);
    }

    [Fact]
    public void Missing_initial_source_connection_id_is_rejected_from_either_side()
    {
        AssertRejected(() => ValidateServer(Server with { InitialSourceConnectionId = null }, S3, S1, null));
        AssertRejected(() => ValidateClient(new TransportParameters(), C1));
        // Absence is not the same as a zero-length value.
        AssertRejected(() => ValidateClient(new TransportParameters(), ConnectionId.Empty));
    }

    [Fact]
    public void Missing_original_destination_connection_id_from_the_server_is_rejected()
    {
        AssertRejected(() => ValidateServer(Server with { OriginalDestinationConnectionId = null }, S3, S1, null));
    }

    [Fact]
    public void Missing_retry_source_connection_id_after_a_retry_is_rejected()
    {
        AssertRejected(() => ValidateServer(Server, S3, S1, S2));
    }

    [Fact]
    public void Retry_source_connection_id_without_a_retry_is_rejected()
    {
        AssertRejected(() => ValidateServer(ServerAfterRetry, S3, S1, null));
    }

    [Fact]
    public void Mismatches_are_rejected()
    {
        AssertRejected(() => ValidateServer(Server, S2, S1, null));                 // ISCID vs server's Initial SCID
        AssertRejected(() => ValidateServer(Server, S3, S2, null));                 // ODCID vs client's first DCID
        AssertRejected(() => ValidateServer(ServerAfterRetry, S3, S1, S3));         // RSCID vs Retry SCID
        AssertRejected(() => ValidateServer(Server, ConnectionId.Empty, S1, null)); // empty vs non-empty
        AssertRejected(() => ValidateClient(Client, S1));
    }

    [Fact]
    public void After_a_retry_the_original_dcid_is_the_first_not_the_second()
    {
        // RFC 9000 §7.3: original_destination_connection_id refers to the Initial sent before the Retry.
        AssertRejected(() => ValidateServer(ServerAfterRetry with { OriginalDestinationConnectionId = S2 }, S3, S1, S2));
    }

    [Fact]
    public void Server_only_connection_ids_in_client_parameters_are_rejected()
    {
        AssertRejected(() => ValidateClient(Client with { OriginalDestinationConnectionId = S1 }, C1));
        AssertRejected(() => ValidateClient(Client with { RetrySourceConnectionId = S2 }, C1));
    }
}
