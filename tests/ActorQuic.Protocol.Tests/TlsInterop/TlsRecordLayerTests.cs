using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>The record layer on its own: key derivation, nonces, framing, padding, limits (RFC 9846 §5, §7.3).</summary>
public sealed class TlsRecordLayerTests
{
    [Fact]
    public void Key_and_iv_match_the_RFC_8448_simple_handshake()
    {
        // RFC 8448 §3: server and client handshake traffic secrets and their write key / IV.
        TlsRecordKeys server = TlsRecordKeys.FromSecret(CipherSuite.Aes128GcmSha256,
            Convert.FromHexString("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38"));
        Assert.Equal("3fce516009c21727d0f2e4e86ee403bc", Convert.ToHexStringLower(server.Key));
        Assert.Equal("5d313eb2671276ee13000b30", Convert.ToHexStringLower(server.Iv));

        TlsRecordKeys client = TlsRecordKeys.FromSecret(CipherSuite.Aes128GcmSha256,
            Convert.FromHexString("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21"));
        Assert.Equal("dbfaa693d1762c5b666af5d950258d01", Convert.ToHexStringLower(client.Key));
        Assert.Equal("5bd3c71b836e0b76bb73265f", Convert.ToHexStringLower(client.Iv));
    }

    [Theory]
    [InlineData(CipherSuite.Aes128GcmSha256, 16)]
    [InlineData(CipherSuite.Aes256GcmSha384, 32)]
    [InlineData(CipherSuite.ChaCha20Poly1305Sha256, 32)]
    public void Key_lengths_follow_the_suite(CipherSuite suite, int keyLength)
    {
        TlsRecordKeys keys = TlsRecordKeys.FromSecret(suite, new byte[suite == CipherSuite.Aes256GcmSha384 ? 48 : 32]);
        Assert.Equal(keyLength, keys.Key.Length);
        Assert.Equal(12, keys.Iv.Length);
    }

    [Fact]
    public void Nonce_is_iv_xor_left_padded_sequence_number()
    {
        byte[] iv = Convert.FromHexString("5d313eb2671276ee13000b30");
        var nonce = new byte[12];
        TlsRecordProtection.ComputeNonce(iv, 0, nonce);
        Assert.Equal(iv, nonce);
        TlsRecordProtection.ComputeNonce(iv, 1, nonce);
        Assert.Equal("5d313eb2671276ee13000b31", Convert.ToHexStringLower(nonce));
        TlsRecordProtection.ComputeNonce(iv, 0x0102030405060708, nonce);
        Assert.Equal("5d313eb2661075ea16060c38", Convert.ToHexStringLower(nonce));
    }

    [Theory]
    [InlineData(CipherSuite.Aes128GcmSha256)]
    [InlineData(CipherSuite.Aes256GcmSha384)]
    [InlineData(CipherSuite.ChaCha20Poly1305Sha256)]
    public async Task Records_round_trip_through_key_changes_padding_and_fragmentation(CipherSuite suite)
    {
        var random = new Random(1234);
        var secretA = new byte[48];
        var secretB = new byte[48];
        random.NextBytes(secretA);
        random.NextBytes(secretB);
        TlsRecordKeys handshake = TlsRecordKeys.FromSecret(suite, secretA);
        TlsRecordKeys application = TlsRecordKeys.FromSecret(suite, secretB);
        var big = new byte[40_000];
        random.NextBytes(big);

        var wire = new MemoryStream();
        using (var writer = new TlsRecordLayer(wire, isClient: true))
        {
            writer.Write(TlsContentType.Handshake, [1, 0, 0, 1, 7]);
            writer.SetWriteKeys(handshake);
            writer.Padding = 13;
            writer.Write(TlsContentType.Handshake, [8, 0, 0, 0]);
            writer.SetWriteKeys(application);
            writer.Padding = 0;
            writer.Write(TlsContentType.ApplicationData, big);
            writer.Write(TlsContentType.ApplicationData, []);
            writer.WriteAlert(TlsAlertCode.LevelWarning, TlsAlertCode.CloseNotify);
            await writer.FlushAsync(default);
        }

        byte[] bytes = wire.ToArray();
        Assert.Equal(0x0301, bytes[1] << 8 | bytes[2]); // the initial ClientHello's record version (§5.1)
        using var reader = new TlsRecordLayer(new MemoryStream(bytes), isClient: false);
        TlsRecord? r = await reader.ReadAsync(default);
        Assert.Equal(TlsContentType.Handshake, r!.Value.Type);
        Assert.Equal(new byte[] { 1, 0, 0, 1, 7 }, r.Value.Content);
        reader.SetReadKeys(handshake);
        r = await reader.ReadAsync(default);
        Assert.Equal(new byte[] { 8, 0, 0, 0 }, r!.Value.Content);
        reader.SetReadKeys(application);
        var received = new MemoryStream();
        int records = 0;
        while (await reader.ReadAsync(default) is { } app)
        {
            Assert.Equal(TlsContentType.ApplicationData, app.Type);
            received.Write(app.Content);
            records++;
        }
        Assert.Equal(big, received.ToArray());
        Assert.Equal(4, records); // 3 fragments of at most 2^14 bytes, then the empty record
    }

    [Fact]
    public async Task A_legacy_change_cipher_spec_is_dropped_before_protected_records()
    {
        TlsRecordKeys keys = TlsRecordKeys.FromSecret(CipherSuite.Aes128GcmSha256, new byte[32]);
        using var sealer = new TlsRecordProtection(keys);
        byte[] bytes = [0x14, 0x03, 0x03, 0x00, 0x01, 0x01, .. sealer.Seal(TlsContentType.Handshake, [20, 0, 0, 0])];
        using var reader = new TlsRecordLayer(new MemoryStream(bytes), isClient: true);
        reader.SetReadKeys(keys);
        TlsRecord? r = await reader.ReadAsync(default);
        Assert.Equal(TlsContentType.Handshake, r!.Value.Type);
        Assert.Null(await reader.ReadAsync(default));
        Assert.Equal(1, reader.DroppedChangeCipherSpecs);
    }

    [Fact]
    public async Task A_tampered_record_is_bad_record_mac()
    {
        TlsRecordKeys keys = TlsRecordKeys.FromSecret(CipherSuite.ChaCha20Poly1305Sha256, new byte[32]);
        using var sealer = new TlsRecordProtection(keys);
        byte[] record = sealer.Seal(TlsContentType.ApplicationData, "hello"u8);
        record[7] ^= 0x40;
        using var reader = new TlsRecordLayer(new MemoryStream(record), isClient: true);
        reader.SetReadKeys(keys);
        var e = await Assert.ThrowsAsync<TlsRecordException>(() => reader.ReadAsync(default));
        Assert.Equal(TlsAlertCode.BadRecordMac, e.Alert);
    }

    [Fact]
    public async Task An_oversized_plaintext_record_is_record_overflow()
    {
        byte[] header = [0x16, 0x03, 0x03, 0x40, 0x01]; // 2^14 + 1
        using var reader = new TlsRecordLayer(new MemoryStream([.. header, .. new byte[0x4001]]), isClient: true);
        var e = await Assert.ThrowsAsync<TlsRecordException>(() => reader.ReadAsync(default));
        Assert.Equal(TlsAlertCode.RecordOverflow, e.Alert);
    }

    [Fact]
    public async Task A_fatal_alert_surfaces_as_an_exception()
    {
        using var reader = new TlsRecordLayer(new MemoryStream([0x15, 0x03, 0x03, 0x00, 0x02, 2, 40]), isClient: true);
        var e = await Assert.ThrowsAsync<TlsAlertReceivedException>(() => reader.ReadAsync(default));
        Assert.Equal(TlsAlertCode.HandshakeFailure, e.Description);
    }
}
