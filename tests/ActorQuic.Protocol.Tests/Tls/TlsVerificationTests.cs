using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.Tls;

public class TlsVerificationTests
{
    private static TlsPair Failing(TlsClientOptions client, TlsServerOptions server, out TlsAlertException failure, bool clientFails)
    {
        var pair = new TlsPair(client, server);
        Assert.False(pair.Run());
        failure = clientFails ? pair.ClientFailure! : pair.ServerFailure!;
        Assert.NotNull(failure);
        Assert.Null(clientFails ? pair.ServerFailure : pair.ClientFailure);
        // The failing side is dead; the other never completed and would get CONNECTION_CLOSE with this code.
        Assert.Equal(TlsHandshakeState.Failed, (clientFails ? (TlsEngine)pair.Client : pair.Server).State);
        Assert.False((clientFails ? (TlsEngine)pair.Server : pair.Client).IsHandshakeComplete);
        Assert.Equal((TransportErrorCode)(0x100 + (int)failure.Alert), failure.ErrorCode);
        return pair;
    }

    [Fact]
    public void Expired_server_certificate()
    {
        Failing(TlsPair.ClientOptions(), TlsPair.ServerOptions(TestPki.Certificate(TestKeyType.EcdsaP256, expired: true)), out var f, true);
        Assert.Equal(AlertDescription.CertificateExpired, f.Alert);
    }

    [Fact]
    public void Certificate_not_yet_valid_at_now()
    {
        var client = TlsPair.ClientOptions();
        var pair = new TlsPair(client, TlsPair.ServerOptions()) { Now = TestPki.Now.AddDays(-5) };
        Assert.False(pair.Run());
        Assert.Equal(AlertDescription.CertificateExpired, pair.ClientFailure!.Alert);
    }

    [Fact]
    public void Wrong_server_name()
    {
        var client = TlsPair.ClientOptions();
        client.ServerName = "example.com";
        Failing(client, TlsPair.ServerOptions(), out var f, true);
        Assert.Equal(AlertDescription.BadCertificate, f.Alert);
    }

    [Fact]
    public void Unknown_ca()
    {
        Failing(TlsPair.ClientOptions(), TlsPair.ServerOptions(TestPki.Certificate(TestKeyType.EcdsaP256, otherCa: true)), out var f, true);
        Assert.Equal(AlertDescription.UnknownCa, f.Alert);
    }

    [Fact]
    public void System_store_does_not_trust_the_test_root()
    {
        var client = TlsPair.ClientOptions();
        client.TrustedRoots = null;
        Failing(client, TlsPair.ServerOptions(), out var f, true);
        Assert.Equal(AlertDescription.UnknownCa, f.Alert);
    }

    [Fact]
    public void Client_certificate_used_as_server_certificate_is_unsupported()
    {
        Failing(TlsPair.ClientOptions(), TlsPair.ServerOptions(TestPki.Certificate(TestKeyType.EcdsaP256, client: true)), out var f, true);
        Assert.Equal(AlertDescription.UnsupportedCertificate, f.Alert);
    }

    [Fact]
    public void Callback_rejection_and_acceptance()
    {
        var client = TlsPair.ClientOptions();
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? seen = null;
        client.CertificateValidationCallback = (chain, name) =>
        {
            seen = chain;
            return name == "localhost" ? "pinned key mismatch" : null;
        };
        Failing(client, TlsPair.ServerOptions(), out var f, true);
        Assert.Equal(AlertDescription.CertificateUnknown, f.Alert);
        Assert.Contains("pinned key mismatch", f.Reason);
        Assert.NotNull(seen);
        Assert.Single(seen!);
    }

    [Fact]
    public void Insecure_opt_out_accepts_anything_but_still_checks_the_signature()
    {
        var client = TlsPair.ClientOptions();
        client.InsecureSkipCertificateValidation = true;
        client.ServerName = "wrong.example";
        var pair = new TlsPair(client, TlsPair.ServerOptions(TestPki.Certificate(TestKeyType.Ed25519, expired: true, otherCa: true)));
        Assert.True(pair.Run(), pair.Failure?.Message);
    }

    [Fact]
    public void Mutual_tls_succeeds()
    {
        var client = TlsPair.ClientOptions();
        client.ClientCertificate = TestPki.Certificate(TestKeyType.EcdsaP384, client: true, dns: "client.test");
        var server = TlsPair.ServerOptions();
        server.ClientCertificateMode = TlsClientCertificateMode.Require;
        server.ClientCertificateTrustedRoots = TestPki.Roots;
        var pair = new TlsPair(client, server);
        Assert.True(pair.Run(), pair.Failure?.Message);
        pair.AssertMatchingKeys();
        Assert.Single(pair.Server.PeerCertificates);
        Assert.Equal("CN=client.test", pair.Server.PeerCertificates[0].Subject);
    }

    [Theory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.Ed25519)]
    public void Mutual_tls_with_other_key_types(TestKeyType key)
    {
        var client = TlsPair.ClientOptions();
        client.ClientCertificate = TestPki.Certificate(key, client: true, dns: "client.test");
        var server = TlsPair.ServerOptions();
        server.ClientCertificateMode = TlsClientCertificateMode.Require;
        server.ClientCertificateTrustedRoots = TestPki.Roots;
        var pair = new TlsPair(client, server);
        Assert.True(pair.Run(), pair.Failure?.Message);
    }

    [Fact]
    public void Mutual_tls_required_but_no_client_certificate()
    {
        var server = TlsPair.ServerOptions();
        server.ClientCertificateMode = TlsClientCertificateMode.Require;
        var pair = new TlsPair(TlsPair.ClientOptions(), server);
        Assert.False(pair.Run());
        Assert.Equal(AlertDescription.CertificateRequired, pair.ServerFailure!.Alert);
        Assert.Equal((TransportErrorCode)0x174, pair.ServerFailure.ErrorCode);
        // The client completed its side of the flight but never saw the server complete.
        Assert.True(pair.Client.IsHandshakeComplete);
    }

    [Fact]
    public void Mutual_tls_optional_without_certificate()
    {
        var server = TlsPair.ServerOptions();
        server.ClientCertificateMode = TlsClientCertificateMode.Request;
        var pair = new TlsPair(TlsPair.ClientOptions(), server);
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.Empty(pair.Server.PeerCertificates);
    }

    [Fact]
    public void Client_certificate_from_unknown_ca()
    {
        var client = TlsPair.ClientOptions();
        client.ClientCertificate = TestPki.Certificate(TestKeyType.EcdsaP256, client: true, otherCa: true);
        var server = TlsPair.ServerOptions();
        server.ClientCertificateMode = TlsClientCertificateMode.Require;
        server.ClientCertificateTrustedRoots = TestPki.Roots;
        var pair = new TlsPair(client, server);
        Assert.False(pair.Run());
        Assert.Equal(AlertDescription.UnknownCa, pair.ServerFailure!.Alert);
    }

    [Fact]
    public void Expired_client_certificate_and_server_callback()
    {
        var client = TlsPair.ClientOptions();
        client.ClientCertificate = TestPki.Certificate(TestKeyType.EcdsaP256, client: true, expired: true);
        var server = TlsPair.ServerOptions();
        server.ClientCertificateMode = TlsClientCertificateMode.Require;
        server.ClientCertificateTrustedRoots = TestPki.Roots;
        var pair = new TlsPair(client, server);
        Assert.False(pair.Run());
        Assert.Equal(AlertDescription.CertificateExpired, pair.ServerFailure!.Alert);

        client.ClientCertificate = TestPki.Certificate(TestKeyType.EcdsaP256, client: true);
        server.ClientCertificateValidationCallback = (_, _) => "not on the allow list";
        pair = new TlsPair(client, server);
        Assert.False(pair.Run());
        Assert.Equal(AlertDescription.CertificateUnknown, pair.ServerFailure!.Alert);
    }

    [Fact]
    public void Key_not_matching_certificate_is_refused_at_load()
    {
        var (cert, _) = TestPki.Leaf(TestKeyType.EcdsaP256);
        var (_, otherKey) = TestPki.Leaf(TestKeyType.EcdsaP256, otherCa: true);
        Assert.Throws<ArgumentException>(() => TlsCertificate.FromPem(cert, otherKey));
    }
}
