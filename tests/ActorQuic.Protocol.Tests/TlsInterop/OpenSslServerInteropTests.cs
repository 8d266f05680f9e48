using System.Net;
using System.Net.Sockets;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>Our client (the engine over <see cref="TlsOverTcp"/>) against <c>openssl s_server</c> (issue #3).</summary>
[Trait("Category", "Interop")]
public sealed class OpenSslServerInteropTests
{
    public static TheoryData<CipherSuite, NamedGroup> SuitesAndGroups()
    {
        var data = new TheoryData<CipherSuite, NamedGroup>();
        foreach (CipherSuite suite in new[] { CipherSuite.Aes128GcmSha256, CipherSuite.Aes256GcmSha384, CipherSuite.ChaCha20Poly1305Sha256 })
            foreach (NamedGroup group in new[] { NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1 })
                data.Add(suite, group);
        return data;
    }

    [OpenSslTheory]
    [MemberData(nameof(SuitesAndGroups))]
    public async Task Client_completes_handshake_and_exchanges_data(CipherSuite suite, NamedGroup group)
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        await using var server = await StartServerAsync(certs, ["-ciphersuites", OpenSslNames.Suite(suite), "-groups", OpenSslNames.Group(group)]);

        await using TlsOverTcp tls = await ConnectAsync(server.Port,
            InteropTlsOptions.Client(certs, suite, [group], seed: (int)suite * 31 + (int)group), cancel.Token);

        Assert.Equal(new TlsNegotiatedParameters(suite, group, InteropTlsOptions.Alpn, Resumed: false,
            UsedHelloRetryRequest: false, PeerCertificateCount: 1), tls.Negotiated);
        // s_server knows nothing of quic_transport_parameters; the engine goes on without them.
        Assert.Equal([], tls.Engine.PeerTransportParameters ?? []);
        await ExchangeAsync(tls, server, cancel.Token);
    }

    [OpenSslTheory]
    [InlineData(TestKeyType.EcdsaP384)]
    [InlineData(TestKeyType.Rsa2048)]
    [InlineData(TestKeyType.Ed25519)]
    public async Task Client_verifies_each_certificate_type(TestKeyType keyType)
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(keyType);
        await using var server = await StartServerAsync(certs, []);
        await using TlsOverTcp tls = await ConnectAsync(server.Port,
            InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 7), cancel.Token);
        Assert.Equal(1, tls.Negotiated.PeerCertificateCount);
        await ExchangeAsync(tls, server, cancel.Token);
    }

    [OpenSslFact]
    public async Task Client_rejects_a_server_certificate_from_another_ca()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        await using var server = await StartServerAsync(TestCertificates.Get(TestKeyType.EcdsaP256), []);
        TlsClientOptions options = InteropTlsOptions.Client(TestCertificates.Get(TestKeyType.EcdsaP384),
            CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 8);
        var e = await Assert.ThrowsAsync<TlsAlertException>(() => ConnectAsync(server.Port, options, cancel.Token));
        Assert.Equal(AlertDescription.UnknownCa, e.Alert);
        // s_server decrypted and logged the alert our client sent under its handshake key (RFC 9846 §6.2).
        await server.WaitForOutputAsync("alert unknown ca", OpenSslProcess.DefaultTimeout, cancel.Token);
    }

    [OpenSslFact]
    public async Task Handshake_messages_span_records_both_ways_and_padding_is_accepted()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.Rsa2048); // a large Certificate message
        // s_server splits its flight into 512-byte records; we write 61-byte fragments padded with 9 zeros.
        await using var server = await StartServerAsync(certs, ["-max_send_frag", "512"]);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port, cancel.Token);
        await using TlsOverTcp tls = await TlsOverTcp.HandshakeAsync(
            new TlsClient(InteropTlsOptions.Client(certs, CipherSuite.Aes256GcmSha384, [NamedGroup.X25519], seed: 12)),
            tcp.GetStream(), cancel.Token, maxFragment: 61, padding: 9);
        Assert.Equal(1, tls.Negotiated.PeerCertificateCount);
        await ExchangeAsync(tls, server, cancel.Token);
    }

    [OpenSslFact]
    public async Task Client_drops_the_change_cipher_spec_of_a_middlebox_compatible_server()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        // Without -no_middlebox, s_server sends a legacy change_cipher_spec after its ServerHello even
        // to a client with an empty legacy_session_id (RFC 9846 Appendix D.4); the record layer drops it.
        await using var server = await StartServerAsync(certs, [], middlebox: true);
        await using TlsOverTcp tls = await ConnectAsync(server.Port,
            InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 15), cancel.Token);
        Assert.Equal(1, tls.DroppedChangeCipherSpecs);
        await ExchangeAsync(tls, server, cancel.Token);
    }

    [OpenSslFact]
    public async Task Client_surfaces_the_alert_openssl_sends()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        await using var server = await StartServerAsync(certs, ["-ciphersuites", "TLS_AES_256_GCM_SHA384"]);
        var e = await Assert.ThrowsAsync<TlsAlertReceivedException>(() => ConnectAsync(server.Port,
            InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 13), cancel.Token));
        Assert.Equal(TlsAlertCode.HandshakeFailure, e.Description); // no suite in common (RFC 9846 §4.1.1)
    }

    [OpenSslFact]
    public async Task Client_resumes_with_an_early_data_ticket_but_offers_no_0rtt()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        // s_server -early_data puts max_early_data_size 16384 in its tickets. QUIC allows only 0xffffffff
        // (RFC 9001 §4.6.1; TicketEarlyDataLimitTests shows the QUIC-mode rejection); over TCP the
        // engine keeps the ticket for resumption but not for 0-RTT.
        // -early_data rules out -rev: s_server prints what it receives and sends its stdin instead.
        await using var server = await StartServerAsync(certs, ["-num_tickets", "1", "-early_data"], accept: 2, echo: false);

        TlsSessionTicket ticket;
        await using (TlsOverTcp first = await ConnectAsync(server.Port,
                         InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 14), cancel.Token))
        {
            await ChatAsync(first, server, "first", cancel.Token); // the ticket arrives before s_server's line
            ticket = Assert.Single(first.Tickets);
            await first.CloseAsync(cancel.Token);
        }
        Assert.False(ticket.AllowsEarlyData);

        TlsClientOptions options = InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 16, ticket);
        options.EnableEarlyData = true; // wanted, but this ticket does not permit it
        await using TlsOverTcp second = await ConnectAsync(server.Port, options, cancel.Token);
        Assert.True(second.Negotiated.Resumed);
        // PSK: no Certificate message (RFC 9846 §2.2); the chain reported is the one the session began with.
        Assert.Equal(ticket.PeerCertificateChain.Count, second.Negotiated.PeerCertificateCount);
        var client = Assert.IsType<TlsClient>(second.Engine);
        Assert.False(client.EarlyDataOffered);
        Assert.False(client.EarlyDataAccepted);
        await ChatAsync(second, server, "second", cancel.Token);
        await second.CloseAsync(cancel.Token);
        await server.WaitForOutputAsync("1 session cache hits", OpenSslProcess.DefaultTimeout, cancel.Token);
    }

    [OpenSslFact]
    public async Task Client_retries_after_a_hello_retry_request()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        // Our client sends an x25519 share first; a P-256-only server must ask again (RFC 9846 §4.1.4).
        await using var server = await StartServerAsync(certs, ["-groups", "P-256"]);
        await using TlsOverTcp tls = await ConnectAsync(server.Port,
            InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519, NamedGroup.Secp256r1], seed: 9),
            cancel.Token);
        Assert.True(tls.Negotiated.UsedHelloRetryRequest);
        Assert.Equal(NamedGroup.Secp256r1, tls.Negotiated.Group);
        await ExchangeAsync(tls, server, cancel.Token);
    }

    [OpenSslFact]
    public async Task Client_resumes_with_a_ticket_from_openssl()
    {
        using var cancel = new CancellationTokenSource(OpenSslProcess.DefaultTimeout);
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        await using var server = await StartServerAsync(certs, ["-num_tickets", "1"], accept: 2);

        TlsSessionTicket ticket;
        await using (TlsOverTcp first = await ConnectAsync(server.Port,
                         InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 10), cancel.Token))
        {
            await ExchangeAsync(first, server, cancel.Token); // the ticket arrives before the echoed line
            ticket = Assert.Single(first.Tickets);
        }

        await using TlsOverTcp second = await ConnectAsync(server.Port,
            InteropTlsOptions.Client(certs, CipherSuite.Aes128GcmSha256, [NamedGroup.X25519], seed: 11, ticket), cancel.Token);
        Assert.True(second.Negotiated.Resumed);
        // PSK: no Certificate message (RFC 9846 §2.2); the chain reported is the one the session began with.
        Assert.Equal(ticket.PeerCertificateChain.Count, second.Negotiated.PeerCertificateCount);
        await ExchangeAsync(second, server, cancel.Token);
        // s_server's statistics at exit count the resumption (-rev prints no per-connection "Reused").
        await server.WaitForOutputAsync("1 session cache hits", OpenSslProcess.DefaultTimeout, cancel.Token);
    }

    private static Task<OpenSslProcess> StartServerAsync(TestCertificateSet certs, string[] flags, int accept = 1, bool echo = true,
        bool middlebox = false) =>
        OpenSslProcess.StartServerAsync([
            "-tls1_3", .. middlebox ? Array.Empty<string>() : ["-no_middlebox"], "-naccept", accept.ToString(), .. echo ? ["-rev"] : Array.Empty<string>(), "-alpn", InteropTlsOptions.Alpn,
            "-cert", certs.LeafCertificatePath, "-key", certs.LeafKeyPath, .. flags]);

    private static async Task<TlsOverTcp> ConnectAsync(int port, TlsClientOptions options, CancellationToken cancel)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancel);
        return await TlsOverTcp.HandshakeAsync(new TlsClient(options), tcp.GetStream(), cancel);
    }

    /// <summary>Without -rev: s_server prints our line and sends a line written to its stdin.</summary>
    private static async Task ChatAsync(TlsOverTcp tls, OpenSslProcess server, string tag, CancellationToken cancel)
    {
        await tls.SendLineAsync(tag + " hello from actorquic", cancel);
        await server.WaitForOutputAsync(tag + " hello from actorquic", OpenSslProcess.DefaultTimeout, cancel);
        await server.WriteLineAsync(tag + " hello from openssl");
        string? line = await tls.ReceiveLineAsync(cancel);
        Assert.True(line == tag + " hello from openssl", $"got {line ?? "<closed>"}; {server.Describe()}");
    }

    /// <summary>s_server -rev answers each line reversed: data both ways under the 1-RTT keys.</summary>
    private static async Task ExchangeAsync(TlsOverTcp tls, OpenSslProcess server, CancellationToken cancel)
    {
        await tls.SendLineAsync("hello from actorquic", cancel);
        string? line = await tls.ReceiveLineAsync(cancel);
        Assert.True(line == "ciuqrotca morf olleh", $"got {line ?? "<closed>"}; {server.Describe()}");
        await tls.CloseAsync(cancel);
    }
}
