using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.Tls;

/// <summary>Client behaviour against hand-built server messages (cases a real server of ours never produces).</summary>
public class TlsClientHelloTests
{
    private static (TlsClient Client, ClientHelloMessage Hello) Started(Action<TlsClientOptions>? configure = null)
    {
        var options = TlsPair.ClientOptions();
        configure?.Invoke(options);
        var client = new TlsClient(options);
        client.Start(TestPki.Now);
        var data = ((TlsHandshakeDataEvent)client.DrainEvents()[0]).Data;
        return (client, ClientHelloMessage.Parse(data));
    }

    [Fact]
    public void Client_hello_carries_the_quic_extensions()
    {
        var (_, ch) = Started();
        Assert.Equal(0, ch.LegacySessionIdLength);
        Assert.Equal([0x0304], ch.SupportedVersions!);
        Assert.Equal(new byte[] { 1, 2, 3 }, ch.TransportParameters);
        Assert.Equal("localhost", ch.ServerName);
        Assert.Equal([TlsPair.H3], ch.Alpn!);
        Assert.Equal([(byte)1], ch.PskModes!);
        Assert.Single(ch.KeyShares!);
        Assert.False(ch.EarlyData);
        Assert.Null(ch.PskIdentities);
    }

    [Fact]
    public void Hello_retry_request_cookie_is_echoed()
    {
        var (client, _) = Started(o => o.Groups = [NamedGroup.X25519, NamedGroup.Secp256r1]);
        var hrr = ServerHelloMessage.Encode(ServerHelloMessage.HelloRetryRequestRandom, 0x1301, b =>
        {
            int ks = b.BeginExtension(ExtensionType.KeyShare);
            b.WriteUInt16((ushort)NamedGroup.Secp256r1);
            b.EndVector(ks);
            int c = b.BeginExtension(ExtensionType.Cookie);
            b.WriteVector16("state"u8);
            b.EndVector(c);
        });
        client.HandleCryptoData(EncryptionLevel.Initial, hrr, TestPki.Now);
        var ch2 = ClientHelloMessage.Parse(((TlsHandshakeDataEvent)client.DrainEvents()[0]).Data);
        Assert.Equal("state"u8.ToArray(), ch2.Cookie);
        Assert.Equal((ushort)NamedGroup.Secp256r1, Assert.Single(ch2.KeyShares!).Group);
        Assert.Equal(65, ch2.KeyShares![0].Key.Length);
        // A second HRR is unexpected_message.
        var ex = Assert.Throws<TlsAlertException>(() => client.HandleCryptoData(EncryptionLevel.Initial, hrr, TestPki.Now));
        Assert.Equal(AlertDescription.UnexpectedMessage, ex.Alert);
    }

    [Fact]
    public void Hello_retry_request_for_the_group_already_sent_is_illegal()
    {
        var (client, _) = Started();
        var hrr = ServerHelloMessage.Encode(ServerHelloMessage.HelloRetryRequestRandom, 0x1301, b =>
        {
            int ks = b.BeginExtension(ExtensionType.KeyShare);
            b.WriteUInt16((ushort)NamedGroup.X25519);
            b.EndVector(ks);
        });
        var ex = Assert.Throws<TlsAlertException>(() => client.HandleCryptoData(EncryptionLevel.Initial, hrr, TestPki.Now));
        Assert.Equal(AlertDescription.IllegalParameter, ex.Alert);
    }

    [Fact]
    public void Server_hello_without_supported_versions_is_protocol_version()
    {
        var (client, _) = Started();
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.ServerHello);
        b.WriteUInt16(0x0303);
        b.WriteBytes(new byte[32]);
        b.WriteByte(0);
        b.WriteUInt16(0x1301);
        b.WriteByte(0);
        b.WriteUInt16(0);
        b.EndVector(msg);
        var ex = Assert.Throws<TlsAlertException>(() => client.HandleCryptoData(EncryptionLevel.Initial, b.ToArray(), TestPki.Now));
        Assert.Equal(AlertDescription.ProtocolVersion, ex.Alert);
    }

    [Fact]
    public void Tls12_client_hello_is_refused_by_the_server()
    {
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.ClientHello);
        b.WriteUInt16(0x0303);
        b.WriteBytes(new byte[32]);
        b.WriteByte(0);
        b.WriteVector16(new byte[] { 0xc0, 0x2f });
        b.WriteVector8(new byte[] { 0 });
        b.EndVector(msg);
        var server = new TlsServer(TlsPair.ServerOptions());
        var ex = Assert.Throws<TlsAlertException>(() => server.HandleCryptoData(EncryptionLevel.Initial, b.ToArray(), TestPki.Now));
        Assert.Equal(AlertDescription.ProtocolVersion, ex.Alert);
    }

    [Fact]
    public void Key_update_is_forbidden()
    {
        var pair = new TlsPair(TlsPair.ClientOptions(), TlsPair.ServerOptions());
        Assert.True(pair.Run());
        var ex = Assert.Throws<TlsAlertException>(() =>
            pair.Client.HandleCryptoData(EncryptionLevel.OneRtt, new byte[] { 24, 0, 0, 1, 0 }, TestPki.Now));
        Assert.Equal(AlertDescription.UnexpectedMessage, ex.Alert);
        Assert.Equal((TransportErrorCode)0x10a, ex.ErrorCode);
    }

    [Fact]
    public void Certificate_loads_from_pem_files()
    {
        var (cert, key) = TestPki.Leaf(TestKeyType.Ed25519);
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "c.pem"), cert);
            File.WriteAllText(Path.Combine(dir.FullName, "k.pem"), key);
            using var loaded = TlsCertificate.FromPemFiles(Path.Combine(dir.FullName, "c.pem"), Path.Combine(dir.FullName, "k.pem"));
            Assert.Equal([SignatureScheme.Ed25519], loaded.SignatureSchemes);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
