using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// <see cref="ConnectionActor.OptionsFor"/>: what the endpoint learned about a new connection
/// becomes the right connection options (RFC 9000 §7.3 CIDs, §8.1 validation, §10.3 reset token).
/// </summary>
public sealed class ConnectionOptionsMappingTests
{
    private static readonly ConnectionId Scid = ConnectionId.FromHex("5c1d5c1d5c1d5c1d");
    private static readonly ConnectionId ClientScid = ConnectionId.FromHex("c1c1c1c1");
    private static readonly ConnectionId FirstDcid = ConnectionId.FromHex("0102030405060708");
    private static readonly ConnectionId RetryScid = ConnectionId.FromHex("ee00ee00ee00ee00");
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 5000);
    private static readonly StatelessResetTokenGenerator Tokens = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_retried_server_connection_sends_both_cids_derives_keys_from_the_retry_scid_and_is_validated()
    {
        var incoming = new IncomingConnection(QuicVersion.V2, RetryScid, ClientScid, FirstDcid, RetryScid, InitialTokenStatus.RetryTokenValid);
        var options = ConnectionActor.OptionsFor(Context(ConnectionRole.Server, incoming), Server());

        Assert.True(options.IsServer);
        Assert.Equal(QuicVersion.V2, options.Version);
        Assert.Equal(Scid, options.LocalConnectionId);
        Assert.Equal(ClientScid, options.PeerConnectionId);
        Assert.Equal(FirstDcid, options.OriginalDestinationConnectionId);
        Assert.Equal(RetryScid, options.RetrySourceConnectionId);
        Assert.Equal(RetryScid, options.InitialKeysConnectionId);
        Assert.True(options.AddressValidated);
        Assert.Equal(new StatelessResetToken(Tokens.Generate(Scid)), options.StatelessResetToken);
    }

    [Fact]
    public void A_plain_server_connection_has_no_retry_cid_and_starts_unvalidated()
    {
        var incoming = new IncomingConnection(QuicVersion.V1, FirstDcid, ClientScid, FirstDcid, ConnectionId.Empty, InitialTokenStatus.None);
        var options = ConnectionActor.OptionsFor(Context(ConnectionRole.Server, incoming), Server());

        Assert.True(options.RetrySourceConnectionId.IsEmpty);
        Assert.Equal(FirstDcid, options.InitialKeysConnectionId);
        Assert.False(options.AddressValidated);
    }

    [Fact]
    public void A_client_connection_takes_its_cids_from_the_context_and_tls_from_the_connect_options()
    {
        var requester = ActorRefs.Nobody;
        var tls = new TlsClientOptions { ServerName = "example.test" };
        var context = Context(ConnectionRole.Client, incoming: null) with
        {
            InitialDestinationConnectionId = FirstDcid,
            ClientOptions = new ClientConnectionOptions { Tls = tls },
            Requester = requester,
        };
        var options = ConnectionActor.OptionsFor(context, server: null);

        Assert.False(options.IsServer);
        Assert.Equal(Scid, options.LocalConnectionId);
        Assert.Equal(FirstDcid, options.OriginalDestinationConnectionId);
        Assert.Same(tls, options.TlsClient);
        Assert.Same(requester, options.Owner);
        Assert.Null(options.StatelessResetToken); // a client must not send one (RFC 9000 §18.2)
    }

    [Fact]
    public void A_server_context_without_settings_or_a_client_context_without_options_is_refused()
    {
        var incoming = new IncomingConnection(QuicVersion.V1, FirstDcid, ClientScid, FirstDcid, ConnectionId.Empty, InitialTokenStatus.None);
        Assert.Throws<ArgumentException>(() => ConnectionActor.OptionsFor(Context(ConnectionRole.Server, incoming), server: null));
        Assert.Throws<ArgumentException>(() => ConnectionActor.OptionsFor(Context(ConnectionRole.Client, null), server: null));
    }

    private static ServerConnectionSettings Server() => new() { TlsServer = _ => new TlsServerOptions() };

    private static NewConnectionContext Context(ConnectionRole role, IncomingConnection? incoming) => new()
    {
        Role = role,
        Version = incoming?.Version ?? QuicVersion.V1,
        LocalConnectionId = Scid,
        InitialDestinationConnectionId = role == ConnectionRole.Server ? ClientScid : FirstDcid,
        LocalConnectionIdLength = 8,
        Remote = Peer,
        Incoming = incoming,
        Transport = new UnusedTransport(),
        ResetTokens = Tokens,
        Endpoint = ActorRefs.Nobody,
    };

    /// <summary>The mapping only passes the transport on; nothing is sent in these tests.</summary>
    private sealed class UnusedTransport : IDatagramTransport
    {
        public EndPoint LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 4433);
        public bool Send(ReadOnlySpan<byte> datagram, EndPoint remote) => throw new InvalidOperationException("not used");
        public void Start(IDatagramSink sink) => throw new InvalidOperationException("not used");
        public void Dispose() { }
    }
}
