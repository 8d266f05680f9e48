using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using EndpointDatagram = ActorQuic.Dispatcher.Endpoint.DatagramReceived;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Living under an <see cref="EndpointActor"/>: the Props factories its settings take, the
/// endpoint's messages (pooled datagrams, stateless resets) and what the connection owes it
/// (the peer's reset token, HandshakeCompleted, retiring the client's original DCID) and the
/// requester of a client connection (exactly one of ConnectionEstablished or ConnectionFailed).
/// The endpoint registered our first SCID (and a server's client DCID) before we started, and
/// its death-watch drops every route when we stop.
/// </summary>
public sealed partial class ConnectionActor
{
    private bool _outcomeReported;

    /// <summary>For <see cref="EndpointActorSettings.ServerConnectionProps"/>: a server connection per accepted client Initial.</summary>
    public static Func<NewConnectionContext, Props> ServerFactory(ServerConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(settings.TlsServer);
        return context => Props(context, settings);
    }

    /// <summary>
    /// For <see cref="EndpointActorSettings.ClientConnectionProps"/>: a client connection per
    /// <see cref="Connect"/>, whose ClientOptions must be a <see cref="ClientConnectionOptions"/>.
    /// </summary>
    public static Func<NewConnectionContext, Props> ClientFactory() => static context => Props(context, server: null);

    /// <summary>Props of a connection the endpoint creates; <paramref name="server"/> is required for the server role.</summary>
    /// <exception cref="ArgumentException">The context does not fit (the endpoint reports it to the requester).</exception>
    public static Props Props(NewConnectionContext context, ServerConnectionSettings? server) => Props(OptionsFor(context, server));

    /// <summary>Maps what the endpoint knows about a new connection to <see cref="ConnectionOptions"/>.</summary>
    public static ConnectionOptions OptionsFor(NewConnectionContext context, ServerConnectionSettings? server)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Role == ConnectionRole.Server)
        {
            if (server is null) throw new ArgumentException("a server connection needs ServerConnectionSettings", nameof(server));
            if (context.Incoming is not { } incoming) throw new ArgumentException("a server connection needs the client's Initial", nameof(context));
            return new ConnectionOptions
            {
                IsServer = true,
                Version = context.Version,
                Transport = context.Transport,
                Remote = context.Remote,
                LocalConnectionId = context.LocalConnectionId,
                // RFC 9000 §7.3: original_destination_connection_id is the DCID of the client's very
                // first Initial, also after a Retry; retry_source_connection_id only after one.
                OriginalDestinationConnectionId = incoming.OriginalDestinationConnectionId,
                PeerConnectionId = context.InitialDestinationConnectionId,
                RetrySourceConnectionId = incoming.WasRetried ? incoming.RetrySourceConnectionId : ConnectionId.Empty,
                AddressValidated = incoming.AddressValidated,
                // RFC 9000 §10.3.2: the token must come from the generator the endpoint answers unknown CIDs with.
                StatelessResetToken = context.ResetTokens is { } tokens
                    ? new StatelessResetToken(tokens.Generate(context.LocalConnectionId))
                    : null,
                TlsServer = server.TlsServer(context) ?? throw new ArgumentException("TlsServer returned null", nameof(server)),
                LocalParameters = server.LocalParameters,
                Lifecycle = server.Lifecycle,
                KeyUpdateAfterPackets = server.KeyUpdateAfterPackets,
                CongestionControl = server.CongestionControl,
                ConnectionIdRandom = server.ConnectionIdRandom,
                QlogDirectory = server.QlogDirectory,
                ResetTokens = context.ResetTokens,
                Owner = server.Owner,
                Endpoint = context.Endpoint,
                Dispatcher = server.Dispatcher,
            };
        }
        if (context.ClientOptions is not ClientConnectionOptions client)
        {
            throw new ArgumentException(
                $"Connect.ClientOptions must be a {nameof(ClientConnectionOptions)}, not {context.ClientOptions?.GetType().Name ?? "null"}",
                nameof(context));
        }
        return new ConnectionOptions
        {
            IsServer = false,
            Version = context.Version,
            Transport = context.Transport,
            Remote = context.Remote,
            LocalConnectionId = context.LocalConnectionId,
            OriginalDestinationConnectionId = context.InitialDestinationConnectionId,
            TlsClient = client.Tls,
            EarlyDataHold = client.EarlyDataHold,
            LocalParameters = client.LocalParameters,
            Lifecycle = client.Lifecycle,
            KeyUpdateAfterPackets = client.KeyUpdateAfterPackets,
            CongestionControl = client.CongestionControl,
            ConnectionIdRandom = client.ConnectionIdRandom,
            QlogDirectory = client.QlogDirectory,
            ResetTokens = context.ResetTokens,
            Owner = client.Owner ?? context.Requester,
            Requester = context.Requester,
            Endpoint = context.Endpoint,
            Dispatcher = client.Dispatcher,
        };
    }

    private void EndpointHandlers()
    {
        // Ownership of the pooled buffer moves on to the reader, then the receiver, which returns it.
        Receive<EndpointDatagram>(m => _children.Reader.Forward(m));
        Receive<DatagramBatchReceived>(m => _children.Reader.Forward(m));
        // RFC 9000 §10.3.1: enter draining and send nothing more; the endpoint consumed the datagram.
        Receive<StatelessResetDetected>(_ => Guarded(() => _lifecycle.OnStatelessReset(_clock.Now, _lifecycle.Pto)));
    }

    /// <summary>The handshake completed here: a client's requester learns it (the owner already did).</summary>
    private void ReportEstablished(ConnectionEstablished established)
    {
        if (_options.IsServer || _outcomeReported) return;
        _outcomeReported = true;
        if (_options.Requester is { } requester && !requester.Equals(_options.Owner)) requester.Tell(established);
    }

    /// <summary>
    /// Confirmed (RFC 9001 §4.1.2): a server no longer counts against the endpoint's handshake
    /// limit, and the client's original DCID, which only its Initials used, can stop routing here (RFC 9000 §7.2).
    /// </summary>
    private void ReportConfirmed()
    {
        if (!_options.IsServer || _options.Endpoint is not { } endpoint) return;
        endpoint.Tell(HandshakeCompleted.Instance);
        var clientDcid = _options.InitialKeysConnectionId;
        if (clientDcid != _options.LocalConnectionId) endpoint.Tell(new RetireConnectionId(clientDcid));
    }

    /// <summary>A client's peer issued a reset token with its transport parameters (RFC 9000 §10.3, §18.2).</summary>
    private void ReportPeerParameters(TransportParameters peer)
    {
        if (!_options.IsServer && peer.StatelessResetToken is { } token) _options.Endpoint?.Tell(new RegisterPeerResetToken(token));
    }

    /// <summary>The connection ended for the application: a client that never got established failed.</summary>
    private void ReportFailureIfPending(CloseInfo? info)
    {
        if (_options.IsServer || _outcomeReported) return;
        _outcomeReported = true;
        var failed = new ConnectionFailed(info ?? new CloseInfo(CloseSource.Local, (ulong)TransportErrorCode.InternalError, false, 0,
            "the connection stopped"));
        _options.Owner?.Tell(failed);
        if (_options.Requester is { } requester && !requester.Equals(_options.Owner)) requester.Tell(failed);
    }

    protected override void PostStop()
    {
        var info = _lifecycle?.CloseInfo ?? new CloseInfo(CloseSource.Local, (ulong)TransportErrorCode.InternalError, false, 0, "the connection stopped");
        AbortStreams(info);
        _registry.Dispose();
        ReportFailureIfPending(_lifecycle?.CloseInfo);
        StopQlog(info);
    }
}
