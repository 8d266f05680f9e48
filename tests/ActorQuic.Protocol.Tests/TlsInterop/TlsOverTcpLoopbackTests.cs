using System.Net;
using System.Net.Sockets;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// The driver in both roles at once (our client and our server over real loopback TCP): proves the
/// key switching, tickets and alerts of <see cref="TlsOverTcp"/> independently of OpenSSL.
/// </summary>
[Trait("Category", "Interop")]
public sealed class TlsOverTcpLoopbackTests
{
    [Theory]
    [InlineData(CipherSuite.Aes128GcmSha256, NamedGroup.X25519)]
    [InlineData(CipherSuite.Aes256GcmSha384, NamedGroup.Secp384r1)]
    [InlineData(CipherSuite.ChaCha20Poly1305Sha256, NamedGroup.Secp256r1)]
    public async Task Our_client_and_server_handshake_resume_and_exchange_data(CipherSuite suite, NamedGroup group)
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        TlsServerOptions serverOptions = InteropTlsOptions.Server(certs, [suite], [group], seed: 31);
        using var listener = new LoopbackTlsServer();

        TlsSessionTicket ticket;
        {
            (TlsOverTcp client, TlsOverTcp server) = await ConnectAsync(listener, serverOptions,
                InteropTlsOptions.Client(certs, suite, [group], seed: 32), cancel.Token);
            await using var c = client;
            await using var s = server;
            Assert.Equal(suite, client.Negotiated.CipherSuite);
            Assert.Equal(group, server.Negotiated.Group);
            await client.SendLineAsync("ping", cancel.Token);
            Assert.Equal("ping", await server.ReceiveLineAsync(cancel.Token));
            await server.SendLineAsync("pong", cancel.Token);
            Assert.Equal("pong", await client.ReceiveLineAsync(cancel.Token)); // the ticket is read on the way
            ticket = Assert.Single(client.Tickets);
            await server.CloseAsync(cancel.Token);
            Assert.Null(await client.ReceiveLineAsync(cancel.Token));
        }

        (TlsOverTcp client2, TlsOverTcp server2) = await ConnectAsync(listener, serverOptions,
            InteropTlsOptions.Client(certs, suite, [group], seed: 33, ticket), cancel.Token);
        await using var c2 = client2;
        await using var s2 = server2;
        Assert.True(client2.Negotiated.Resumed);
        Assert.True(server2.Negotiated.Resumed);
        await client2.SendAsync(new byte[50_000], cancel.Token); // several full records
        await client2.SendLineAsync("", cancel.Token);
        Assert.Equal(50_000, (await server2.ReceiveLineAsync(cancel.Token))!.Length);
    }

    [Fact]
    public async Task A_failed_verification_reaches_the_server_as_an_alert()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        using var listener = new LoopbackTlsServer();
        TlsServerOptions serverOptions = InteropTlsOptions.Server(TestCertificates.Get(TestKeyType.EcdsaP256),
            [CipherSuite.Aes128GcmSha256], [NamedGroup.X25519], seed: 34);
        TlsClientOptions clientOptions = InteropTlsOptions.Client(TestCertificates.Get(TestKeyType.Rsa2048),
            CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 35);
        Task<TlsOverTcp> server = listener.AcceptAsync(serverOptions, cancel.Token);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, listener.Port, cancel.Token);
        var clientError = await Assert.ThrowsAsync<TlsAlertException>(
            () => TlsOverTcp.HandshakeAsync(new TlsClient(clientOptions), tcp.GetStream(), cancel.Token));
        var serverError = await Assert.ThrowsAsync<TlsAlertReceivedException>(() => server);
        Assert.Equal((byte)clientError.Alert, serverError.Description);
    }

    private static async Task<(TlsOverTcp Client, TlsOverTcp Server)> ConnectAsync(LoopbackTlsServer listener,
        TlsServerOptions serverOptions, TlsClientOptions clientOptions, CancellationToken cancel)
    {
        Task<TlsOverTcp> server = listener.AcceptAsync(serverOptions, cancel);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, listener.Port, cancel);
        TlsOverTcp client = await TlsOverTcp.HandshakeAsync(new TlsClient(clientOptions), tcp.GetStream(), cancel);
        return (client, await server);
    }
}
