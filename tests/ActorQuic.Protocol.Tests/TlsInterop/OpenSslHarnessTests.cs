using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Proves the OpenSSL harness and the test certificates on their own (s_client against s_server),
/// and proves the record layer against OpenSSL by decrypting a captured OpenSSL-to-OpenSSL session
/// with the traffic secrets from s_server's key log (RFC 9846 §5.2, §7.3).
/// </summary>
[Trait("Category", "Interop")]
public sealed class OpenSslHarnessTests
{
    [OpenSslFact]
    public async Task Openssl_is_version_3()
    {
        string version = await OpenSslProcess.RunAsync(["version"]);
        Assert.StartsWith("OpenSSL 3.", version);
    }

    [OpenSslTheory]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    [InlineData(TestKeyType.Rsa2048)]
    [InlineData(TestKeyType.Ed25519)]
    public async Task S_client_verifies_the_test_certificates_served_by_s_server(TestKeyType keyType)
    {
        TestCertificateSet certs = TestCertificates.Get(keyType);
        await using var server = await OpenSslProcess.StartServerAsync([
            "-tls1_3", "-no_middlebox", "-naccept", "1", "-rev",
            "-cert", certs.LeafCertificatePath, "-key", certs.LeafKeyPath]);
        await using var client = OpenSslProcess.StartClient(server.Port, [
            "-tls1_3", "-no_middlebox", "-CAfile", certs.CaCertificatePath, "-verify_return_error",
            "-verify_ip", "127.0.0.1", "-servername", "localhost"]);
        await client.WaitForOutputAsync("Verification: OK", OpenSslProcess.DefaultTimeout);
        await client.WriteLineAsync("hello harness");
        await client.WaitForOutputAsync("ssenrah olleh", OpenSslProcess.DefaultTimeout);
        client.CloseInput();
        await client.WaitForExitAsync(OpenSslProcess.DefaultTimeout);
    }

    [OpenSslTheory]
    [InlineData("TLS_AES_128_GCM_SHA256", CipherSuite.Aes128GcmSha256)]
    [InlineData("TLS_AES_256_GCM_SHA384", CipherSuite.Aes256GcmSha384)]
    [InlineData("TLS_CHACHA20_POLY1305_SHA256", CipherSuite.ChaCha20Poly1305Sha256)]
    public async Task Record_layer_decrypts_an_openssl_session_with_its_key_log(string suiteName, CipherSuite suite)
    {
        TestCertificateSet certs = TestCertificates.Get(TestKeyType.EcdsaP256);
        string keyLog = Path.Combine(certs.Directory, $"keylog-{suiteName}-{Guid.NewGuid():N}.txt");
        await using var server = await OpenSslProcess.StartServerAsync([
            "-tls1_3", "-no_middlebox", "-naccept", "1", "-rev", "-num_tickets", "1", "-ciphersuites", suiteName,
            "-cert", certs.LeafCertificatePath, "-key", certs.LeafKeyPath, "-keylogfile", keyLog]);
        await using var relay = new CapturingTcpRelay(server.Port);
        await using (var client = OpenSslProcess.StartClient(relay.Port, ["-tls1_3", "-no_middlebox", "-ciphersuites", suiteName]))
        {
            await client.WaitForOutputAsync("Cipher is " + suiteName, OpenSslProcess.DefaultTimeout);
            await client.WriteLineAsync("hello actorquic");
            await client.WaitForOutputAsync("ciuqrotca olleh", OpenSslProcess.DefaultTimeout);
            client.CloseInput();
            await client.WaitForExitAsync(OpenSslProcess.DefaultTimeout);
        }
        await relay.Completion.WaitAsync(OpenSslProcess.DefaultTimeout);

        Dictionary<string, byte[]> secrets = File.ReadAllLines(keyLog)
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 3)
            .ToDictionary(p => p[0], p => Convert.FromHexString(p[2]));
        List<TlsRecord> fromClient = await DecodeAsync(relay.ClientToServer, suite,
            secrets["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], secrets["CLIENT_TRAFFIC_SECRET_0"]);
        List<TlsRecord> fromServer = await DecodeAsync(relay.ServerToClient, suite,
            secrets["SERVER_HANDSHAKE_TRAFFIC_SECRET"], secrets["SERVER_TRAFFIC_SECRET_0"]);

        Assert.Equal("hello actorquic\n", AppData(fromClient));
        Assert.Contains("ciuqrotca olleh", AppData(fromServer));
        // s_server's flight after ServerHello: EncryptedExtensions(8) … Finished(20), then one NewSessionTicket(4).
        Assert.Equal(8, fromServer[1].Content[0]);
        Assert.Contains(fromServer, r => r.Type == TlsContentType.Handshake && r.Content[0] == 4);
    }

    private static string AppData(List<TlsRecord> records) => string.Concat(records
        .Where(r => r.Type == TlsContentType.ApplicationData)
        .Select(r => System.Text.Encoding.ASCII.GetString(r.Content)));

    /// <summary>
    /// Reads one direction the way a passive observer with the key log would: cleartext until the
    /// Hello, then handshake keys until Finished, then application keys (RFC 9846 §2, §5).
    /// </summary>
    private static async Task<List<TlsRecord>> DecodeAsync(byte[] wire, CipherSuite suite, byte[] handshakeSecret,
        byte[] applicationSecret)
    {
        using var layer = new TlsRecordLayer(new MemoryStream(wire), isClient: false);
        var records = new List<TlsRecord>();
        var handshake = new List<byte>();
        int stage = 0;
        while (await layer.ReadAsync(default) is { } r)
        {
            records.Add(r);
            if (r.Type != TlsContentType.Handshake)
                continue;
            handshake.AddRange(r.Content);
            // Split complete handshake messages: msg_type(1) length(3) body (§4).
            while (handshake.Count >= 4 && handshake.Count >= 4 + (handshake[1] << 16 | handshake[2] << 8 | handshake[3]))
            {
                byte type = handshake[0];
                handshake.RemoveRange(0, 4 + (handshake[1] << 16 | handshake[2] << 8 | handshake[3]));
                if (stage == 0 && type is 1 or 2)
                {
                    layer.SetReadKeys(TlsRecordKeys.FromSecret(suite, handshakeSecret));
                    stage = 1;
                }
                else if (stage == 1 && type == 20)
                {
                    layer.SetReadKeys(TlsRecordKeys.FromSecret(suite, applicationSecret));
                    layer.DropChangeCipherSpec = false;
                    stage = 2;
                }
            }
        }
        Assert.Equal(2, stage);
        return records;
    }
}
