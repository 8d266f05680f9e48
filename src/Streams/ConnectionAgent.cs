using ActorQuic.Dispatcher.Actors;
using System.Net;
using System.Net.Security;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Connection;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.Streams;

/// <summary>
/// The owner of one connection (ConnectionOptions.Owner) on the application side: turns the
/// connection's events into the <see cref="QuicConnection"/>'s state (accepted streams, datagrams,
/// the close). A client agent also asks the endpoint for the connection and answers ConnectAsync;
/// a server agent is made by the <see cref="EndpointAppActor"/> for each accepted connection and
/// announces it once established. Stream data never passes here: stream stages talk to the
/// connection directly.
/// </summary>
internal sealed class ConnectionAgent : ReceiveActor, IWithTimers
{
    private const string HandshakeTimerKey = "handshake";

    private readonly EndpointContext _endpoint;
    private readonly ClientConnectionRequest? _client;
    private IActorRef? _connectionActor;
    private QuicConnection? _connection;
    private bool _established;
    private bool _handedOut; // a 0-RTT client connection was given to ConnectAsync before the handshake completed
    private CancellationTokenRegistration _cancellation;

    public ConnectionAgent(EndpointContext endpoint, IActorRef? serverConnection, ClientConnectionRequest? client)
    {
        _endpoint = endpoint;
        _client = client;
        _connectionActor = serverConnection;

        Receive<Connected>(OnConnected);
        Receive<Status.Failure>(f => FailConnect(f.Cause));
        Receive<ConnectionEstablished>(OnEstablished);
        Receive<ZeroRttReady>(OnZeroRttReady);
        Receive<EarlyDataDecided>(m => Connection().OnEarlyDataDecided(m.Accepted));
        Receive<SessionTicketReceived>(OnSessionTicket);
        Receive<ConnectionFailed>(m => FailConnect(QuicErrors.FromClose(m.Info, handshakeCompleted: false)));
        Receive<StreamAccepted>(m => Connection().OnStreamAccepted(m.StreamId));
        Receive<DatagramFrameReceived>(m => _connection?.Datagrams.OnReceived(m.Data));
        Receive<ConnectionTerminated>(m => OnEnded(m.Info, stop: false));
        Receive<ConnectionClosed>(m => OnEnded(m.Info, stop: true));
        Receive<Terminated>(m => m.ActorRef.Equals(_connectionActor), _ => OnEnded(null, stop: true));
        Receive<HandshakeTimedOut>(_ => AbandonConnect(QuicErrors.HandshakeTimeout(_client!.HandshakeTimeout)));
        Receive<CancelConnect>(_ => AbandonConnect(new OperationCanceledException(_client!.CancellationToken)));
        // The rest of the stream contract goes to the stream stages, not to the owner.
        ReceiveAny(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props ForServer(EndpointContext endpoint, IActorRef connection) =>
        FactoryProps.Of(() => new ConnectionAgent(endpoint, connection, null));

    public static Props ForClient(EndpointContext endpoint, ClientConnectionRequest request) =>
        FactoryProps.Of(() => new ConnectionAgent(endpoint, null, request));

    protected override void PreStart()
    {
        // A server agent does not watch its connection: the connection's ConnectionClosed reaches us via
        // the EndpointAppActor (one hop more than a Terminated would), so watching here let Terminated
        // overtake it, stop us, and turn ConnectionClosed into a dead letter. The EndpointAppActor
        // watches the connection instead and stops us if it dies without ConnectionClosed.
        if (_connectionActor is not null) return;
        var client = _client!;
        ClientConnectionOptions options;
        try
        {
            options = client.Options(Self);
        }
        catch (Exception e)
        {
            FailConnect(e);
            return;
        }
        // We are both the owner and the requester: the connection tells us its outcome once.
        _endpoint.Endpoint.Tell(new Connect(client.Remote, options));
        Timers.StartSingleTimer(HandshakeTimerKey, HandshakeTimedOut.Instance, client.HandshakeTimeout);
        var self = Self;
        _cancellation = client.CancellationToken.Register(() => self.Tell(CancelConnect.Instance));
    }

    protected override void PostStop()
    {
        _cancellation.Dispose();
        _client?.Completion.TrySetException(QuicErrors.ConnectionGone("The connection attempt was abandoned (endpoint stopped)."));
        _connection?.OnClosed(null);
    }

    private QuicConnection Connection() => _connection ??= new QuicConnection(
        _connectionActor!, isServer: _client is null, _endpoint.LocalEndPoint, _client?.Remote ?? Unspecified,
        _client?.StreamSettings ?? _endpoint.StreamSettings, _client?.DefaultCloseErrorCode ?? _endpoint.DefaultCloseErrorCode,
        _endpoint.DatagramBufferCapacity);

    private static readonly IPEndPoint Unspecified = new(IPAddress.IPv6None, 0);

    private void OnConnected(Connected connected)
    {
        _connectionActor = connected.Connection;
        Context.Watch(connected.Connection);
    }

    private void OnEstablished(ConnectionEstablished established)
    {
        if (_established) return;
        _established = true;
        var connection = Connection();
        connection.NegotiatedApplicationProtocol = new SslApplicationProtocol(established.ApplicationProtocol);
        connection.RemoteCertificateChain = established.PeerCertificates;
        connection.RemoteEndPoint = established.Remote;
        connection.OnHandshakeCompleted();
        if (_client is { } client)
        {
            Timers.Cancel(HandshakeTimerKey);
            _cancellation.Dispose();
            client.Completion.TrySetResult(connection);
            return;
        }
        // A server connection is handed out once its side of the handshake completed.
        _endpoint.Announce(connection);
    }

    /// <summary>
    /// 0-RTT (RFC 9001 §4.6.1): ConnectAsync completes now so the application can write early data; the
    /// ALPN is the ticket's, which 0-RTT must use. The handshake timer keeps running until established.
    /// </summary>
    private void OnZeroRttReady(ZeroRttReady ready)
    {
        if (_established || _handedOut || _client is not { } client) return;
        _handedOut = true;
        _cancellation.Dispose(); // ConnectAsync is over: its token no longer applies
        var connection = Connection();
        connection.NegotiatedApplicationProtocol = new SslApplicationProtocol(ready.ApplicationProtocol);
        client.Completion.TrySetResult(connection);
    }

    private void OnSessionTicket(SessionTicketReceived received)
    {
        try
        {
            _client?.SessionTicketReceived?.Invoke(received.Ticket);
        }
        catch (Exception e)
        {
            // The application's callback; its failure must not end the connection.
            Context.GetLogger().Warning("SessionTicketReceived callback failed: {0}", e.Message);
        }
    }

    private void OnEnded(CloseInfo? info, bool stop)
    {
        if (!_established && _client is not null && !_handedOut)
        {
            FailConnect(info is null
                ? QuicErrors.ConnectionGone("The connection stopped during the handshake.")
                : QuicErrors.FromClose(info, handshakeCompleted: false));
            return;
        }
        _connection?.OnClosed(info);
        if (stop) Context.Stop(Self);
    }

    private void AbandonConnect(Exception error)
    {
        if (_established) return;
        if (_handedOut)
        {
            // Only the handshake timer gets here (the cancellation ended with ConnectAsync): the 0-RTT
            // connection is the application's already, so it is closed and Closed tells why.
            _connectionActor?.Tell(new CloseConnection(0, "handshake timeout"));
            return;
        }
        // RFC 9000 §10.2: close what there is; during the handshake the connection turns the
        // application close into APPLICATION_ERROR (§10.2.3).
        _connectionActor?.Tell(new CloseConnection(0, "connect abandoned"));
        FailConnect(error);
    }

    private void FailConnect(Exception error)
    {
        _client?.Completion.TrySetException(error);
        Context.Stop(Self);
    }
}
