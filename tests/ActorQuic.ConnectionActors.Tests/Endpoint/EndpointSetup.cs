using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Tls;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// Builds real <see cref="EndpointActor"/>s whose connections are <see cref="ConnectionActor"/>s
/// (through <see cref="ConnectionActor.ServerFactory"/> and <see cref="ConnectionActor.ClientFactory"/>),
/// on any transport, with one self-signed certificate the clients trust.
/// </summary>
public sealed class EndpointSetup
{
    public static readonly SslApplicationProtocol HqInterop = new("hq-interop"u8.ToArray());

    private readonly TlsDevelopmentCertificate _certificate;
    private readonly Random _random;
    private readonly object _gate = new();

    public EndpointSetup(DateTimeOffset now, int seed, string? dispatcher = null)
    {
        _certificate = TlsDevelopmentCertificate.Create(now);
        Certificate = X509Certificate2.CreateFromPem(_certificate.CertificatePem);
        _random = new Random(seed);
        Dispatcher = dispatcher;
    }

    public X509Certificate2 Certificate { get; }

    public string? Dispatcher { get; }

    public CountingPool Pool { get; } = new();

    /// <summary>An endpoint on <paramref name="transport"/>: server role when <paramref name="serverOwner"/> is given, client role always.</summary>
    /// <param name="requireRetry">The server answers every Initial without a valid token with a Retry (RFC 9000 §8.1.2).</param>
    /// <param name="configureServer">Adjusts the server connections' settings (e.g. lifecycle or key update options).</param>
    public Props EndpointProps(IDatagramTransport transport, IActorRef? serverOwner, bool requireRetry = false,
        Func<ServerConnectionSettings, ServerConnectionSettings>? configureServer = null)
    {
        var routerRandom = new Random(NextSeed());
        var serverSettings = serverOwner is null ? null : new ServerConnectionSettings
        {
            TlsServer = _ => new TlsServerOptions
            {
                Certificate = TlsCertificate.FromPem(_certificate.CertificatePem, _certificate.PrivateKeyPem),
                ApplicationProtocols = { HqInterop },
                Random = Seeded(NextSeed()),
            },
            Owner = serverOwner,
            Dispatcher = Dispatcher,
        };
        if (serverSettings is not null && configureServer is not null) serverSettings = configureServer(serverSettings);
        var settings = new EndpointActorSettings
        {
            Transport = transport,
            DatagramPool = Pool,
            RouterOptions = new EndpointRouterOptions
            {
                AcceptNewConnections = serverOwner is not null,
                LocalConnectionIdLength = 8,
                StatelessResetTokens = new StatelessResetTokenGenerator(Bytes(32)),
                Random = span => { lock (routerRandom) routerRandom.NextBytes(span); },
                RequireRetry = requireRetry,
                TokenCodec = requireRetry ? new AddressTokenCodec(Bytes(32), TimeSpan.FromSeconds(10), TimeSpan.FromDays(1)) : null,
            },
            ServerConnectionProps = serverSettings is null ? null : ConnectionActor.ServerFactory(serverSettings),
            ClientConnectionProps = ConnectionActor.ClientFactory(),
        };
        var props = EndpointActor.Props(settings);
        return Dispatcher is null ? props : props.WithDispatcher(Dispatcher);
    }

    /// <summary>Fresh options for one Connect (they must not be shared between connections).</summary>
    public ClientConnectionOptions ClientOptions() => new()
    {
        Tls = new TlsClientOptions
        {
            ServerName = "localhost",
            ApplicationProtocols = { HqInterop },
            TrustedRoots = [Certificate],
            Random = Seeded(NextSeed()),
        },
        Dispatcher = Dispatcher,
    };

    public static byte[] Payload(int seed, int size)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private int NextSeed()
    {
        lock (_gate) return _random.Next();
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        lock (_gate) _random.NextBytes(bytes);
        return bytes;
    }

    private static Action<Span<byte>> Seeded(int seed)
    {
        var rng = new Random(seed);
        return span => { lock (rng) rng.NextBytes(span); };
    }
}
