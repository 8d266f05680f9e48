using System.Net.Security;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.Tls;

public class TlsHandshakeTests
{
    public static IEnumerable<object[]> Matrix()
    {
        var sigs = new (TestKeyType Key, SignatureScheme Scheme)[]
        {
            (TestKeyType.EcdsaP256, SignatureScheme.EcdsaSecp256r1Sha256),
            (TestKeyType.EcdsaP384, SignatureScheme.EcdsaSecp384r1Sha384),
            (TestKeyType.Rsa, SignatureScheme.RsaPssRsaeSha256),
            (TestKeyType.Rsa, SignatureScheme.RsaPssRsaeSha384),
            (TestKeyType.Rsa, SignatureScheme.RsaPssRsaeSha512),
            (TestKeyType.Ed25519, SignatureScheme.Ed25519),
        };
        foreach (var suite in new[] { CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256 })
            foreach (var group in new[] { NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1 })
                foreach (var (key, scheme) in sigs)
                    yield return [suite, group, key, scheme];
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Full_handshake_for_every_suite_group_and_signature(CipherSuite suite, NamedGroup group, TestKeyType key, SignatureScheme scheme)
    {
        var client = TlsPair.ClientOptions();
        client.CipherSuites = [suite];
        client.Groups = [group];
        client.SignatureSchemes = [scheme];
        var pair = new TlsPair(client, TlsPair.ServerOptions(TestPki.Certificate(key)));

        Assert.True(pair.Run(), pair.Failure?.Message);
        pair.AssertMatchingKeys();
        Assert.Equal(suite, pair.Client.NegotiatedCipherSuite);
        Assert.Equal(suite, pair.Server.NegotiatedCipherSuite);
        Assert.Equal(group, pair.Client.NegotiatedGroup);
        Assert.Equal(TlsPair.H3, pair.Client.NegotiatedApplicationProtocol);
        Assert.Equal(TlsPair.H3, pair.Server.NegotiatedApplicationProtocol);
        Assert.Equal(new byte[] { 0x0a, 0x0b }, pair.Client.PeerTransportParameters);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03 }, pair.Server.PeerTransportParameters);
        Assert.Single(pair.Client.PeerCertificates);
        Assert.False(pair.Client.IsResumed);
        Assert.Contains(pair.ClientEvents, e => e is TlsHandshakeCompletedEvent);
        Assert.Contains(pair.ServerEvents, e => e is TlsHandshakeCompletedEvent);
        Assert.Equal(TlsCipherSuites.HashLength(suite), TlsPair.Secret(pair.ClientEvents, EncryptionLevel.OneRtt, TlsKeyDirection.Write)!.Length);
        // Handshake keys are announced before 1-RTT keys; transport parameters before completion.
        var ev = pair.ClientEvents;
        Assert.True(ev.FindIndex(e => e is TlsPeerTransportParametersEvent) < ev.FindIndex(e => e is TlsHandshakeCompletedEvent));
    }

    [Fact]
    public void Hello_retry_request_when_the_share_misses_the_servers_group()
    {
        var client = TlsPair.ClientOptions();
        client.Groups = [NamedGroup.X25519, NamedGroup.Secp384r1];
        var server = TlsPair.ServerOptions();
        server.Groups = [NamedGroup.Secp384r1, NamedGroup.X25519];
        var pair = new TlsPair(client, server);

        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.True(pair.Client.UsedHelloRetryRequest);
        Assert.True(pair.Server.UsedHelloRetryRequest);
        Assert.Equal(NamedGroup.Secp384r1, pair.Client.NegotiatedGroup);
        pair.AssertMatchingKeys();
        // ClientHello1, ClientHello2 at Initial; HRR and ServerHello at Initial.
        Assert.Equal(2, pair.Deliveries.Count(d => d.ToServer && d.Level == EncryptionLevel.Initial));
    }

    [Fact]
    public void No_common_group_fails_with_handshake_failure()
    {
        var client = TlsPair.ClientOptions();
        client.Groups = [NamedGroup.X25519];
        var server = TlsPair.ServerOptions();
        server.Groups = [NamedGroup.Secp256r1];
        var pair = new TlsPair(client, server);
        Assert.False(pair.Run());
        Assert.Equal(AlertDescription.HandshakeFailure, pair.ServerFailure!.Alert);
        Assert.Equal((TransportErrorCode)0x128, pair.ServerFailure.ErrorCode);
    }

    [Fact]
    public void Alpn_mismatch_fails_with_no_application_protocol()
    {
        var client = TlsPair.ClientOptions();
        client.ApplicationProtocols = [new SslApplicationProtocol("hq-interop")];
        var pair = new TlsPair(client, TlsPair.ServerOptions());
        Assert.False(pair.Run());
        Assert.Equal(AlertDescription.NoApplicationProtocol, pair.ServerFailure!.Alert);
        Assert.Equal((TransportErrorCode)0x178, pair.ServerFailure.ErrorCode);
        Assert.Equal(TlsHandshakeState.Failed, pair.Server.State);
    }

    [Fact]
    public void Server_preference_picks_the_alpn()
    {
        var client = TlsPair.ClientOptions();
        client.ApplicationProtocols = [new SslApplicationProtocol("hq-interop"), TlsPair.H3];
        var server = TlsPair.ServerOptions();
        server.ApplicationProtocols = [TlsPair.H3, new SslApplicationProtocol("hq-interop")];
        var pair = new TlsPair(client, server);
        Assert.True(pair.Run());
        Assert.Equal(TlsPair.H3, pair.Client.NegotiatedApplicationProtocol);
        Assert.Contains(pair.ClientEvents, e => e is TlsAlpnNegotiatedEvent a && a.Protocol == TlsPair.H3);
    }

    [Fact]
    public void Byte_by_byte_delivery_completes()
    {
        var pair = new TlsPair(TlsPair.ClientOptions(), TlsPair.ServerOptions()) { ChunkSize = 1 };
        Assert.True(pair.Run(), pair.Failure?.Message);
        pair.AssertMatchingKeys();
    }

    [Fact]
    public void Same_seed_gives_the_same_client_hello()
    {
        var a = new TlsClient(TlsPair.ClientOptions(5));
        var b = new TlsClient(TlsPair.ClientOptions(5));
        a.Start(TestPki.Now);
        b.Start(TestPki.Now);
        var ha = Assert.IsType<TlsHandshakeDataEvent>(a.DrainEvents()[0]);
        var hb = Assert.IsType<TlsHandshakeDataEvent>(b.DrainEvents()[0]);
        Assert.Equal(ha.Data, hb.Data);
        Assert.Equal(EncryptionLevel.Initial, ha.Level);
    }

    [Fact]
    public void Chaining_server_certificate_chain_is_verified_with_ip_server_name()
    {
        var client = TlsPair.ClientOptions();
        client.ServerName = "127.0.0.1";
        var pair = new TlsPair(client, TlsPair.ServerOptions());
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.Null(pair.Server.ServerName); // IP literals are not sent as SNI (RFC 6066 §3)
    }

    [Fact]
    public void Server_receives_sni()
    {
        var pair = new TlsPair(TlsPair.ClientOptions(), TlsPair.ServerOptions());
        Assert.True(pair.Run());
        Assert.Equal("localhost", pair.Server.ServerName);
    }

    [Fact]
    public void Non_empty_legacy_session_id_is_a_protocol_violation()
    {
        var client = new TlsClient(TlsPair.ClientOptions());
        client.Start(TestPki.Now);
        var ch = ((TlsHandshakeDataEvent)client.DrainEvents()[0]).Data;
        // Insert a 32-byte session id after version(2) and random(32), fixing the 24-bit length.
        var patched = new byte[ch.Length + 32];
        ch.AsSpan(0, 38).CopyTo(patched);
        patched[38] = 32;
        ch.AsSpan(39).CopyTo(patched.AsSpan(71));
        int len = patched.Length - 4;
        patched[1] = (byte)(len >> 16);
        patched[2] = (byte)(len >> 8);
        patched[3] = (byte)len;
        var server = new TlsServer(TlsPair.ServerOptions());
        var ex = Assert.Throws<TlsAlertException>(() => server.HandleCryptoData(EncryptionLevel.Initial, patched, TestPki.Now));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
    }

    [Fact]
    public void Oversized_message_is_refused_before_buffering()
    {
        var server = new TlsServer(TlsPair.ServerOptions());
        var header = new byte[] { 1, 0x10, 0, 0 }; // ClientHello of 1 MiB
        var ex = Assert.Throws<TlsAlertException>(() => server.HandleCryptoData(EncryptionLevel.Initial, header, TestPki.Now));
        Assert.Equal(TransportErrorCode.CryptoBufferExceeded, ex.ErrorCode);
        // The engine stays failed.
        Assert.Throws<TlsAlertException>(() => server.HandleCryptoData(EncryptionLevel.Initial, new byte[] { 1 }, TestPki.Now));
    }

    [Fact]
    public void Data_at_the_wrong_level_is_unexpected_message()
    {
        var server = new TlsServer(TlsPair.ServerOptions());
        var ex = Assert.Throws<TlsAlertException>(() => server.HandleCryptoData(EncryptionLevel.Handshake, new byte[] { 20, 0, 0, 0 }, TestPki.Now));
        Assert.Equal(AlertDescription.UnexpectedMessage, ex.Alert);
        var ex0 = Assert.Throws<TlsAlertException>(() =>
            new TlsServer(TlsPair.ServerOptions()).HandleCryptoData(EncryptionLevel.ZeroRtt, new byte[] { 1 }, TestPki.Now));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex0.ErrorCode);
    }

    [Fact]
    public void Development_certificate_works_and_pins()
    {
        var dev = TlsDevelopmentCertificate.Create(TestPki.Now);
        using var cert = TlsCertificate.FromPem(dev.CertificatePem, dev.PrivateKeyPem);
        var client = TlsPair.ClientOptions();
        client.TrustedRoots = [cert.Chain[0]];
        string? pin = null;
        client.CertificateValidationCallback = (chain, _) =>
        {
            pin = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(chain[0].PublicKey.ExportSubjectPublicKeyInfo()));
            return null;
        };
        foreach (var name in new[] { "localhost", "127.0.0.1", "::1" })
        {
            client.ServerName = name;
            var pair = new TlsPair(client, TlsPair.ServerOptions(cert));
            Assert.True(pair.Run(), pair.Failure?.Message);
        }
        Assert.Equal(dev.SpkiSha256Base64, pin);
    }

    [Fact]
    public void Exporters_agree()
    {
        var pair = new TlsPair(TlsPair.ClientOptions(), TlsPair.ServerOptions());
        Assert.True(pair.Run());
        var c = pair.Client.ExportKeyingMaterial("EXPORTER-test", "ctx"u8, 40);
        Assert.Equal(c, pair.Server.ExportKeyingMaterial("EXPORTER-test", "ctx"u8, 40));
        Assert.NotEqual(c, pair.Server.ExportKeyingMaterial("EXPORTER-test", "other"u8, 40));
        Assert.Equal(40, c.Length);
    }
}
