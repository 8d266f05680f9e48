using System.Net;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Streams.Tests;

/// <summary>Option validation (the bad setting is named) and the mapping to TLS, transport parameters and lifecycle.</summary>
public sealed class OptionsTests
{
    private static readonly TlsDevelopmentCertificate Certificate = TlsDevelopmentCertificate.Create(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static QuicServerOptions Server() => QuicPair.ServerOptions(Certificate);

    private static QuicClientOptions Client() => new() { ApplicationProtocols = { QuicPair.Echo } };

    [Fact]
    public void Defaults_are_valid_and_verify_the_peer()
    {
        Server().Validate();
        var client = Client();
        client.Validate();
        Assert.False(client.Insecure);
        var tls = client.ToConnectionOptions(new IPEndPoint(IPAddress.Loopback, 443))(Akka.Actor.ActorRefs.Nobody).Tls;
        Assert.False(tls.InsecureSkipCertificateValidation);
        Assert.Null(tls.TrustedRoots); // the system store
        Assert.Equal("127.0.0.1", tls.ServerName); // an IP literal is checked against IP SANs
        new QuicEndpointOptions().Validate();
    }

    [Fact]
    public void Missing_ALPN_is_refused_by_name()
    {
        var server = Server();
        server.ApplicationProtocols.Clear();
        Assert.Equal("ApplicationProtocols", Assert.Throws<ArgumentException>(server.Validate).ParamName);
        Assert.Equal("ApplicationProtocols", Assert.Throws<ArgumentException>(new QuicClientOptions().Validate).ParamName);
    }

    [Fact]
    public void The_certificate_comes_from_exactly_one_source_and_must_load()
    {
        var both = Server();
        both.CertificateChainPath = "/nonexistent.pem";
        both.PrivateKeyPath = "/nonexistent.key";
        Assert.Equal("CertificateChainPem", Assert.Throws<ArgumentException>(both.Validate).ParamName);

        var none = Server();
        none.CertificateChainPem = null;
        none.PrivateKeyPem = null;
        Assert.Throws<ArgumentException>(none.Validate);

        var missingFile = new QuicServerOptions { ApplicationProtocols = { QuicPair.Echo }, CertificateChainPath = "/nonexistent.pem", PrivateKeyPath = "/nonexistent.key" };
        Assert.Equal("CertificateChainPath", Assert.Throws<ArgumentException>(missingFile.Validate).ParamName);

        var wrongKey = Server();
        wrongKey.PrivateKeyPem = TlsDevelopmentCertificate.Create(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).PrivateKeyPem;
        var error = Assert.Throws<ArgumentException>(() => wrongKey.ToConnectionSettings());
        Assert.Equal("CertificateChainPem", error.ParamName);
    }

    [Fact]
    public void Certificates_load_from_files()
    {
        string directory = Directory.CreateTempSubdirectory("actorquic-streams-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "cert.pem"), Certificate.CertificatePem);
            File.WriteAllText(Path.Combine(directory, "key.pem"), Certificate.PrivateKeyPem);
            var server = new QuicServerOptions
            {
                ApplicationProtocols = { QuicPair.Echo },
                CertificateChainPath = Path.Combine(directory, "cert.pem"),
                PrivateKeyPath = Path.Combine(directory, "key.pem"),
            };
            var settings = server.ToConnectionSettings()(Akka.Actor.ActorRefs.Nobody);
            var tls = settings.TlsServer(null!);
            Assert.Equal(Certificate.CertificatePem.Trim(), tls.Certificate!.Chain[0].ExportCertificatePem().Trim());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Bad_trust_anchors_timers_limits_suites_and_codes_are_named()
    {
        var client = Client();
        client.TrustedCaPems.Add("not a pem");
        Assert.Equal("TrustedCaPems", Assert.Throws<ArgumentException>(client.Validate).ParamName);

        client = Client();
        client.KeepAliveInterval = TimeSpan.FromSeconds(30);
        Assert.Equal("KeepAliveInterval", Assert.Throws<ArgumentOutOfRangeException>(client.Validate).ParamName);

        client = Client();
        client.MaxInboundBidirectionalStreams = -1;
        Assert.Equal("MaxInboundBidirectionalStreams", Assert.Throws<ArgumentOutOfRangeException>(client.Validate).ParamName);

        client = Client();
        client.CipherSuites = [(CipherSuite)0x1304];
        Assert.Equal("CipherSuites", Assert.Throws<ArgumentException>(client.Validate).ParamName);

        client = Client();
        client.DefaultStreamErrorCode = -5;
        Assert.Equal("DefaultStreamErrorCode", Assert.Throws<ArgumentOutOfRangeException>(client.Validate).ParamName);

        client = Client();
        client.ClientCertificatePem = Certificate.CertificatePem;
        Assert.Equal("ClientPrivateKeyPem", Assert.Throws<ArgumentException>(client.Validate).ParamName);

        client = Client();
        client.HandshakeTimeout = TimeSpan.Zero;
        Assert.Equal("HandshakeTimeout", Assert.Throws<ArgumentOutOfRangeException>(client.Validate).ParamName);

        var endpoint = new QuicEndpointOptions { DualMode = true };
        Assert.Equal("DualMode", Assert.Throws<ArgumentException>(endpoint.Validate).ParamName);
        endpoint = new QuicEndpointOptions { Versions = [0xff00001d] };
        Assert.Equal("Versions", Assert.Throws<ArgumentException>(endpoint.Validate).ParamName);
    }

    [Fact]
    public void Options_map_to_transport_parameters_lifecycle_and_TLS()
    {
        var client = Client();
        client.ServerName = "example.test";
        client.IdleTimeout = TimeSpan.FromSeconds(12);
        client.KeepAliveInterval = TimeSpan.FromSeconds(4);
        client.MaxInboundBidirectionalStreams = 7;
        client.MaxInboundUnidirectionalStreams = 3;
        client.EnableDatagrams = true;
        client.CipherSuites = [CipherSuite.ChaCha20Poly1305Sha256];
        client.TrustedCaPems.Add(Certificate.CertificatePem);
        client.Insecure = true;
        var options = client.ToConnectionOptions(new IPEndPoint(IPAddress.Loopback, 443))(Akka.Actor.ActorRefs.Nobody);

        Assert.Equal(12_000UL, options.LocalParameters.MaxIdleTimeoutMs);
        Assert.Equal(7UL, options.LocalParameters.InitialMaxStreamsBidi);
        Assert.Equal(3UL, options.LocalParameters.InitialMaxStreamsUni);
        Assert.Equal(65_535UL, options.LocalParameters.MaxDatagramFrameSize);
        Assert.Equal(TimeSpan.FromSeconds(12), options.Lifecycle.MaxIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), options.Lifecycle.KeepAliveInterval);
        Assert.Equal("example.test", options.Tls.ServerName);
        Assert.Equal([CipherSuite.ChaCha20Poly1305Sha256], options.Tls.CipherSuites);
        Assert.Equal([QuicPair.Echo], options.Tls.ApplicationProtocols);
        Assert.Single(options.Tls.TrustedRoots!);
        Assert.True(options.Tls.InsecureSkipCertificateValidation);

        var server = Server();
        server.ClientCertificateMode = TlsClientCertificateMode.Require;
        server.TrustedClientCaPems.Add(Certificate.CertificatePem);
        server.EnableDatagrams = false;
        var factory = server.ToConnectionSettings();
        var settings = factory(Akka.Actor.ActorRefs.Nobody);
        Assert.Null(settings.LocalParameters.MaxDatagramFrameSize);
        var first = settings.TlsServer(null!);
        var second = settings.TlsServer(null!);
        Assert.NotSame(first, second); // each connection writes its transport parameters into its own
        Assert.Equal(TlsClientCertificateMode.Require, first.ClientCertificateMode);
        Assert.Single(first.ClientCertificateTrustedRoots!);
    }
}
