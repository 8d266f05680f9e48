using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary><c>openssl s_client</c> against our server (the engine over <see cref="TlsOverTcp"/>), issue #3.</summary>
[Trait("Category", "Interop")]
public sealed class OpenSslClientInteropTests
{
    public static TheoryData<CipherSuite, NamedGroup> SuitesAndGroups() => OpenSslServerInteropTests.SuitesAndGroups();

    [OpenSslTheory]
    [MemberData(nameof(SuitesAndGroups))]
    public async Task Server_completes_handshake_and_exchanges_data(CipherSuite suite, NamedGroup group)
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        using var listener = new LoopbackTlsServer();
        await using var client = StartClient(listener.Port, certs,
            ["-ciphersuites", OpenSslNames.Suite(suite), "-groups", OpenSslNames.Group(group)]);
        await using TlsOverTcp tls = await listener.AcceptAsync(
            InteropTlsOptions.Server(certs, [suite], [group], seed: (int)suite * 37 + (int)group), cancel.Token);

        Assert.Equal(new TlsNegotiatedParameters(suite, group, InteropTlsOptions.Alpn, Resumed: false,
            UsedHelloRetryRequest: false, PeerCertificateCount: 0), tls.Negotiated);
        await ExchangeAsync(tls, client, cancel.Token);
        await client.WaitForOutputAsync("New, TLSv1.3, Cipher is " + OpenSslNames.Suite(suite), OpenSslProcess.DefaultTimeout, cancel.Token);
        await client.WaitForOutputAsync("ALPN protocol: " + InteropTlsOptions.Alpn, OpenSslProcess.DefaultTimeout, cancel.Token);
    }

    [OpenSslTheory]
    [InlineData(TestKeyType.EcdsaP384)]
    [InlineData(TestKeyType.Rsa2048)]
    [InlineData(TestKeyType.Ed25519)]
    public async Task Server_signs_with_each_certificate_type(TestKeyType keyType)
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(keyType);
        using var listener = new LoopbackTlsServer();
        await using var client = StartClient(listener.Port, certs, []);
        await using TlsOverTcp tls = await listener.AcceptAsync(
            InteropTlsOptions.Server(certs, [CipherSuite.Aes128GcmSha256], [NamedGroup.X25519], seed: 21), cancel.Token);
        await ExchangeAsync(tls, client, cancel.Token);
    }

    [OpenSslFact]
    public async Task Server_sends_a_hello_retry_request_for_its_preferred_group()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        using var listener = new LoopbackTlsServer();
        // s_client sends a key share only for its first group, P-256; our server prefers x25519 (RFC 9846 §4.1.4).
        await using var client = StartClient(listener.Port, certs, ["-groups", "P-256:X25519"]);
        await using TlsOverTcp tls = await listener.AcceptAsync(
            InteropTlsOptions.Server(certs, [CipherSuite.Aes128GcmSha256], [NamedGroup.X25519, NamedGroup.Secp256r1], seed: 22),
            cancel.Token);
        Assert.True(tls.Negotiated.UsedHelloRetryRequest);
        Assert.Equal(NamedGroup.X25519, tls.Negotiated.Group);
        await ExchangeAsync(tls, client, cancel.Token);
    }

    [OpenSslFact]
    public async Task Openssl_client_resumes_with_our_ticket()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        TlsServerOptions options = InteropTlsOptions.Server(certs, [CipherSuite.Aes128GcmSha256], [NamedGroup.X25519], seed: 23);
        string session = Path.Combine(certs.Directory, $"session-{Guid.NewGuid():N}.pem");
        using var listener = new LoopbackTlsServer();

        await using (var first = StartClient(listener.Port, certs, ["-sess_out", session]))
        await using (TlsOverTcp tls = await listener.AcceptAsync(options, cancel.Token))
        {
            await ExchangeAsync(tls, first, cancel.Token); // our ticket went out at completion, before the reply
            await first.WaitForOutputAsync("New, TLSv1.3", OpenSslProcess.DefaultTimeout, cancel.Token);
            await first.WaitForExitAsync(OpenSslProcess.DefaultTimeout, cancel.Token);
        }
        Assert.True(File.Exists(session), "s_client wrote no session");

        await using var second = StartClient(listener.Port, certs, ["-sess_in", session]);
        await using TlsOverTcp resumed = await listener.AcceptAsync(options, cancel.Token);
        Assert.True(resumed.Negotiated.Resumed);
        await ExchangeAsync(resumed, second, cancel.Token);
        await second.WaitForOutputAsync("Reused, TLSv1.3", OpenSslProcess.DefaultTimeout, cancel.Token);
    }

    private static OpenSslProcess StartClient(int port, TestCertificateSet certs, string[] flags) =>
        OpenSslProcess.StartClient(port, [
            "-tls1_3", "-no_middlebox", "-alpn", InteropTlsOptions.Alpn, "-servername", "localhost",
            "-CAfile", certs.CaCertificatePath, "-verify_return_error", "-verify_hostname", "localhost", .. flags]);

    /// <summary>A line from s_client's stdin to us, our reply printed by s_client, then close_notify both ways.</summary>
    private static async Task ExchangeAsync(TlsOverTcp tls, OpenSslProcess client, CancellationToken cancel)
    {
        await client.WaitForOutputAsync("Verification: OK", OpenSslProcess.DefaultTimeout, cancel);
        await client.WriteLineAsync("hello from openssl");
        string? line = await tls.ReceiveLineAsync(cancel);
        Assert.True(line == "hello from openssl", $"got {line ?? "<closed>"}; {client.Describe()}");
        await tls.SendLineAsync("hello from actorquic", cancel);
        await client.WaitForOutputAsync("hello from actorquic", OpenSslProcess.DefaultTimeout, cancel);
        await tls.CloseAsync(cancel);
        await client.WaitForExitAsync(OpenSslProcess.DefaultTimeout, cancel); // s_client exits on our close_notify
    }
}
