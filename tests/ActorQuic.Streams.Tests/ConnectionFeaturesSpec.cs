using System.Net.Quic;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Tls;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams.Tests;

/// <summary>Datagrams, unidirectional streams, peer verification and mutual TLS through the public API (simulated network).</summary>
public sealed class ConnectionFeaturesSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public ConnectionFeaturesSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public async Task Datagrams_are_echoed()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 21);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        var received = connection.Datagrams.Incoming.Take(3).RunWith(Sink.Seq<ByteString>(), pair.Materializer);
        Source.From(new[] { "one", "two", "three" }.Select(ByteString.FromString)).RunWith(connection.Datagrams.Outgoing, pair.Materializer);
        var texts = (await received.WaitAsync(Patience)).Select(b => b.ToString()).OrderBy(t => t).ToArray();
        Assert.Equal(["one", "three", "two"], texts);
    }

    [Fact]
    public async Task A_unidirectional_stream_reaches_the_peer_as_a_receive_only_stream()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 22);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        var accepted = await pair.AcceptedAsync();
        // The server's own unidirectional stream: the client accepts and reads it.
        var incoming = connection.IncomingStreams.RunWith(Sink.First<QuicStream>(), pair.Materializer);
        var serverStream = await accepted.OpenUnidirectionalStreamAsync().WaitAsync(Patience);
        Assert.True(serverStream.CanWrite && !serverStream.CanRead && serverStream.IsLocal);
        var written = Source.Single(ByteString.FromString("push")).RunWith(serverStream.Outgoing, pair.Materializer);
        var clientStream = await incoming.WaitAsync(Patience);
        Assert.Equal(serverStream.Id, clientStream.Id);
        Assert.True(clientStream.CanRead && !clientStream.CanWrite && !clientStream.IsLocal);
        var text = await clientStream.Incoming.RunAggregate("", (t, b) => t + b.ToString(), pair.Materializer).WaitAsync(Patience);
        Assert.Equal("push", text);
        await written.WaitAsync(Patience);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_fails_the_connect_by_default()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 23);
        var options = pair.ClientOptions();
        options.TrustedCaPems.Clear(); // the system store does not know our self-signed certificate
        var error = await Assert.ThrowsAsync<QuicException>(() => pair.ConnectAsync(options).WaitAsync(Patience));
        Assert.Equal(QuicError.TransportError, error.QuicError);
        Assert.Empty(pair.Accepted);
    }

    [Fact]
    public async Task Insecure_skips_verification_but_the_callback_still_sees_the_chain()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 24);
        var options = pair.ClientOptions();
        options.TrustedCaPems.Clear();
        options.Insecure = true;
        IReadOnlyList<X509Certificate2>? seen = null;
        options.CertificateValidation = (chain, name) =>
        {
            seen = chain;
            return name == "localhost" ? null : "wrong name";
        };
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        Assert.NotNull(seen);
        Assert.Equal(connection.RemoteCertificate!.Thumbprint, Assert.Single(seen!).Thumbprint);
    }

    /// <summary>A self-signed ECDSA certificate for client authentication (EKU clientAuth), as PEM.</summary>
    private static (string CertificatePem, string PrivateKeyPem) ClientCertificate(string name)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new System.Security.Cryptography.OidCollection { new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2") }, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public async Task Mutual_TLS_hands_the_client_chain_to_the_server()
    {
        var clientCertificate = ClientCertificate("client.test");
        await using var pair = QuicPair.Simulated(Sys, seed: 25, configure: server =>
        {
            server.ClientCertificateMode = TlsClientCertificateMode.Require;
            server.TrustedClientCaPems.Add(clientCertificate.CertificatePem);
        });
        // TLS 1.3: the client's handshake completes before the server checks the client's
        // Certificate, so the refusal arrives as the server's CONNECTION_CLOSE (RFC 9001 §4.8:
        // CRYPTO_ERROR 0x100 + certificate_required 116).
        var refused = await pair.ConnectAsync().WaitAsync(Patience);
        var close = await refused.Closed.WaitAsync(Patience);
        Assert.Equal(ActorQuic.Protocol.Connection.CloseSource.Peer, close.Source);
        Assert.Equal(0x100 + 116, close.ErrorCode);
        Assert.Empty(pair.Accepted);

        var options = pair.ClientOptions();
        options.ClientCertificatePem = clientCertificate.CertificatePem;
        options.ClientPrivateKeyPem = clientCertificate.PrivateKeyPem;
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        Assert.Equal("x"u8.ToArray(), await pair.EchoAsync(connection, "x"u8.ToArray()).WaitAsync(Patience));
        var accepted = await pair.AcceptedAsync();
        using var expected = X509Certificate2.CreateFromPem(clientCertificate.CertificatePem);
        Assert.Equal(expected.Thumbprint, accepted.RemoteCertificate!.Thumbprint);
    }
}
