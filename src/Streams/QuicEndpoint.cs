using System.Net;
using System.Security.Cryptography;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams;

/// <summary>
/// A QUIC endpoint: one UDP socket serving both roles (DESIGN.md "Public API shape"), so the same
/// address accepts and connects out, as hole punching needs. Its actors live under /user/quic:
/// endpoint-&lt;port&gt; (the dispatcher that owns the socket) and app-&lt;port&gt; (the connections'
/// owner on the application side).
/// </summary>
public sealed class QuicEndpoint : IAsyncDisposable
{
    /// <summary>How long Bind waits for /user/quic to create the actors (it normally takes microseconds).</summary>
    private static readonly TimeSpan BindTimeout = TimeSpan.FromSeconds(10);

    private readonly EndpointContext _context;
    private readonly IActorRef _app;
    private readonly QuicEndpointOptions _options;
    private int _disposed;

    private QuicEndpoint(QuicEndpointOptions options, EndpointContext context, IActorRef app, IActorRef endpoint)
    {
        _options = options;
        _context = context;
        _app = app;
        EndpointActor = endpoint;
    }

    /// <summary>The bound address (with the real port when 0 was asked for).</summary>
    public EndPoint LocalEndPoint => _context.LocalEndPoint;

    /// <summary>The server role is on.</summary>
    public bool IsServer => _options.Server is not null;

    /// <summary>Connections accepted from clients, each announced once its handshake completed. Empty without the server role.</summary>
    public Source<QuicConnection, NotUsed> IncomingConnections => ChannelSource.FromReader(_context.Accepted);

    /// <summary>The EndpointActor (for statistics: <see cref="GetEndpointStatistics"/>).</summary>
    public IActorRef EndpointActor { get; }

    /// <summary>Binds the socket and starts the endpoint's actors. Throws <see cref="ArgumentException"/> for bad options, SocketException when the address is taken.</summary>
    public static QuicEndpoint Bind(ActorSystem system, QuicEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var serverOptions = options.Server;
        // Bound before the actors exist so the port is known and names the actors.
        IDatagramTransport transport = options.Transport ?? UdpDatagramTransport.Bind(options.LocalEndPoint, options.DualMode);
        try
        {
            var local = transport.LocalEndPoint;
            var context = new EndpointContext(local,
                serverOptions?.ToStreamSettings() ?? QuicStreamSettings.Default, serverOptions?.DefaultCloseErrorCode ?? 0,
                options.DatagramBufferCapacity);
            var random = options.Random ?? RandomNumberGenerator.Fill;
            string name = local is IPEndPoint ip ? ip.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0";

            // Certificates are parsed and files read here, on the caller's thread, so bad options
            // throw from Bind rather than stopping an actor.
            var serverSettings = serverOptions?.ToConnectionSettings();

            Props EndpointProps(IActorRef app)
            {
                byte[] resetKey = new byte[32];
                random(resetKey);
                AddressTokenCodec? tokens = null;
                if (serverOptions is { RequireRetry: true })
                {
                    byte[] tokenKey = new byte[32];
                    random(tokenKey);
                    tokens = new AddressTokenCodec(tokenKey, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));
                }
                var settings = new EndpointActorSettings
                {
                    Transport = transport,
                    RouterOptions = new EndpointRouterOptions
                    {
                        AcceptNewConnections = serverOptions is not null,
                        SupportedVersions = [.. options.Versions],
                        RequireRetry = serverOptions?.RequireRetry ?? false,
                        TokenCodec = tokens,
                        MaxConnections = options.MaxConnections,
                        MaxHandshakesInProgress = options.MaxHandshakesInProgress,
                        StatelessResetTokens = new StatelessResetTokenGenerator(resetKey),
                        Random = span => random(span),
                    },
                    ServerConnectionProps = serverSettings is null ? null : ConnectionActor.ServerFactory(serverSettings(app)),
                    ClientConnectionProps = ConnectionActor.ClientFactory(),
                };
                return Dispatcher.Endpoint.EndpointActor.Props(settings);
            }

            var created = QuicExtension.For(system).Guardian
                .Ask<EndpointCreated>(new CreateEndpoint(name, EndpointAppActor.Props(context), EndpointProps), BindTimeout)
                .GetAwaiter().GetResult();
            context.Endpoint = created.Endpoint;
            return new QuicEndpoint(options, context, created.App, created.Endpoint);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a client connection from this endpoint's socket. Completes once the handshake did;
    /// fails with a QuicException (ConnectionRefused, ConnectionTimeout, TransportError...) when it
    /// cannot, or with OperationCanceledException when cancelled.
    /// </summary>
    public Task<QuicConnection> ConnectAsync(IPEndPoint remote, QuicClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new ClientConnectionRequest(remote, options.ToConnectionOptions(remote), options.HandshakeTimeout,
            options.ToStreamSettings(), options.DefaultCloseErrorCode,
            new TaskCompletionSource<QuicConnection>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken,
            options.SessionTicketReceived);
        _app.Tell(new StartClientConnection(request));
        return request.Completion.Task;
    }

    /// <summary>Closes the socket and stops every connection (without CONNECTION_CLOSE: the endpoint just goes away).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            await EndpointActor.Ask<Unbound>(Unbind.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            // The endpoint already stopped; nothing more to unbind.
        }
        await _app.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public override string ToString() => $"QuicEndpoint({LocalEndPoint}{(IsServer ? ", server" : string.Empty)})";
}
