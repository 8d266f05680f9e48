using System.Net.Security;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.Tls;

/// <summary>
/// An in-memory client↔server pair: drains each engine's events and feeds handshake bytes to the
/// other side by level, recording key installs and every delivered message. A failure on one side
/// is reported to the other as the CONNECTION_CLOSE it would receive.
/// </summary>
public sealed class TlsPair
{
    public static readonly SslApplicationProtocol H3 = new("h3"u8.ToArray());

    public TlsClient Client { get; }
    public TlsServer Server { get; }
    public List<TlsEvent> ClientEvents { get; } = new();
    public List<TlsEvent> ServerEvents { get; } = new();
    public List<(bool ToServer, EncryptionLevel Level, byte[] Data)> Deliveries { get; } = new();
    public TlsAlertException? ClientFailure { get; private set; }
    public TlsAlertException? ServerFailure { get; private set; }
    public DateTimeOffset Now { get; set; } = TestPki.Now;
    /// <summary>Deliver data in chunks of at most this many bytes (exercises reassembly).</summary>
    public int ChunkSize { get; set; } = int.MaxValue;

    public TlsPair(TlsClientOptions client, TlsServerOptions server)
    {
        Client = new TlsClient(client);
        Server = new TlsServer(server);
    }

    public static TlsClientOptions ClientOptions(int seed = 1) => new()
    {
        ServerName = "localhost",
        ApplicationProtocols = { H3 },
        TransportParameters = [0x01, 0x02, 0x03],
        TrustedRoots = TestPki.Roots,
        Random = Seeded(seed),
    };

    public static TlsServerOptions ServerOptions(TlsCertificate? certificate = null, int seed = 2) => new()
    {
        Certificate = certificate ?? TestPki.Certificate(TestKeyType.EcdsaP256),
        ApplicationProtocols = { H3 },
        TransportParameters = [0x0a, 0x0b],
        Random = Seeded(seed),
    };

    public static Action<Span<byte>> Seeded(int seed)
    {
        var rng = new Random(seed);
        return span => rng.NextBytes(span);
    }

    /// <summary>Runs the handshake until neither side has anything to send. Returns true if both completed.</summary>
    public bool Run()
    {
        try
        {
            Client.Start(Now);
        }
        catch (TlsAlertException e)
        {
            ClientFailure = e;
            return false;
        }
        bool progress = true;
        while (progress && ClientFailure == null && ServerFailure == null)
        {
            progress = Pump(Client, ClientEvents, Server, toServer: true) | Pump(Server, ServerEvents, Client, toServer: false);
        }
        return Client.IsHandshakeComplete && Server.IsHandshakeComplete;
    }

    private bool Pump(TlsEngine from, List<TlsEvent> log, TlsEngine to, bool toServer)
    {
        bool any = false;
        while (from.TryDequeueEvent(out var e))
        {
            any = true;
            log.Add(e);
            if (e is not TlsHandshakeDataEvent data || ClientFailure != null || ServerFailure != null) continue;
            Deliveries.Add((toServer, data.Level, data.Data));
            try
            {
                for (int i = 0; i < data.Data.Length; i += ChunkSize)
                    to.HandleCryptoData(data.Level, data.Data.AsSpan(i, Math.Min(ChunkSize, data.Data.Length - i)), Now);
            }
            catch (TlsAlertException ex)
            {
                if (toServer) ServerFailure = ex;
                else ClientFailure = ex;
            }
        }
        return any;
    }

    public TlsAlertException? Failure => ClientFailure ?? ServerFailure;

    public static byte[]? Secret(List<TlsEvent> events, EncryptionLevel level, TlsKeyDirection direction) =>
        events.OfType<TlsKeyInstalledEvent>().FirstOrDefault(k => k.Level == level && k.Direction == direction)?.Secret;

    /// <summary>Each write secret of one side equals the read secret of the other, per level.</summary>
    public void AssertMatchingKeys(bool zeroRtt = false)
    {
        foreach (var level in new[] { EncryptionLevel.Handshake, EncryptionLevel.OneRtt })
        {
            var cw = Secret(ClientEvents, level, TlsKeyDirection.Write);
            var sr = Secret(ServerEvents, level, TlsKeyDirection.Read);
            var sw = Secret(ServerEvents, level, TlsKeyDirection.Write);
            var cr = Secret(ClientEvents, level, TlsKeyDirection.Read);
            Assert.NotNull(cw);
            Assert.NotNull(sw);
            Assert.Equal(cw, sr);
            Assert.Equal(sw, cr);
            Assert.NotEqual(cw, sw);
        }
        if (zeroRtt)
        {
            var cw = Secret(ClientEvents, EncryptionLevel.ZeroRtt, TlsKeyDirection.Write);
            Assert.NotNull(cw);
            Assert.Equal(cw, Secret(ServerEvents, EncryptionLevel.ZeroRtt, TlsKeyDirection.Read));
        }
    }
}
