using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;
using BenchmarkDotNet.Attributes;

namespace ActorQuic.Benchmarks;

/// <summary>
/// Cost of a TLS 1.3 handshake in the engine alone (no I/O): ECDSA P-256 server certificate, x25519,
/// TLS_AES_128_GCM_SHA256, no session tickets.
/// <list type="bullet">
/// <item><see cref="FullHandshake"/>: client and server in memory, the client validating the chain against a test CA.</item>
/// <item><see cref="FullHandshakeSkipChainValidation"/>: the same with X.509 path validation off (the
/// CertificateVerify signature is still checked), to show what X509Chain costs.</item>
/// <item><see cref="ServerFlight"/>: the server's side, from a recorded ClientHello to its whole flight
/// (x25519 key pair and agreement, key schedule, Certificate, ECDSA P-256 CertificateVerify, Finished).
/// The client's Finished cannot be replayed (the randomized ECDSA signature changes the transcript
/// every time), so its verification (one HMAC) is not included.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class TlsHandshakeBenchmarks
{
    private static readonly SslApplicationProtocol H3 = new("h3"u8.ToArray());
    private TlsClientOptions _client = null!;
    private TlsClientOptions _clientNoChain = null!;
    private TlsServerOptions _server = null!;
    private byte[] _clientHello = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.UtcNow;
        (X509Certificate2 ca, X509Certificate2 leaf) = CreateP256Chain(_now);
        var random = new Random(42);
        _server = new TlsServerOptions
        {
            Certificate = TlsCertificate.FromX509(leaf),
            ApplicationProtocols = { H3 },
            TransportParameters = [0x01, 0x02, 0x43, 0xe8],
            Groups = [NamedGroup.X25519],
            CipherSuites = [CipherSuite.Aes128GcmSha256],
            Random = random.NextBytes,
        };
        _client = new TlsClientOptions
        {
            ServerName = "localhost",
            TrustedRoots = [ca],
            ApplicationProtocols = { H3 },
            TransportParameters = [0x01, 0x02, 0x43, 0xe8],
            Groups = [NamedGroup.X25519],
            CipherSuites = [CipherSuite.Aes128GcmSha256],
            Random = random.NextBytes,
        };
        _clientNoChain = new TlsClientOptions
        {
            ServerName = "localhost",
            InsecureSkipCertificateValidation = true,
            ApplicationProtocols = { H3 },
            TransportParameters = [0x01, 0x02, 0x43, 0xe8],
            Groups = [NamedGroup.X25519],
            CipherSuites = [CipherSuite.Aes128GcmSha256],
            Random = random.NextBytes,
        };
        var client = new TlsClient(_client);
        client.Start(_now);
        _clientHello = client.DrainEvents().OfType<TlsHandshakeDataEvent>().Single().Data;
        if (!FullHandshake() || !FullHandshakeSkipChainValidation() || ServerFlight() < 4)
            throw new InvalidOperationException("handshake did not complete");
    }

    [Benchmark]
    public bool FullHandshake() => Handshake(_client);

    [Benchmark]
    public bool FullHandshakeSkipChainValidation() => Handshake(_clientNoChain);

    private bool Handshake(TlsClientOptions options)
    {
        var client = new TlsClient(options);
        var server = new TlsServer(_server);
        client.Start(_now);
        Deliver(client, server); // ClientHello
        Deliver(server, client); // ServerHello … Finished
        Deliver(client, server); // Finished
        return client.IsHandshakeComplete && server.IsHandshakeComplete;
    }

    [Benchmark]
    public int ServerFlight()
    {
        var server = new TlsServer(_server);
        server.HandleCryptoData(EncryptionLevel.Initial, _clientHello, _now);
        int messages = 0;
        while (server.TryDequeueEvent(out TlsEvent e))
            if (e is TlsHandshakeDataEvent)
                messages++;
        return messages;
    }

    private void Deliver(TlsEngine from, TlsEngine to)
    {
        while (from.TryDequeueEvent(out TlsEvent e))
            if (e is TlsHandshakeDataEvent data)
                to.HandleCryptoData(data.Level, data.Data, _now);
    }

    private static (X509Certificate2 Ca, X509Certificate2 Leaf) CreateP256Chain(DateTimeOffset now)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ActorQuic Bench CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using X509Certificate2 leaf = leafRequest.Create(ca, now.AddDays(-1), now.AddDays(30), [0x01]);
        return (X509CertificateLoader.LoadCertificate(ca.RawData), leaf.CopyWithPrivateKey(leafKey));
    }
}
