using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>
/// RFC 9001 A.2, A.3, A.5 and RFC 9369 A.2, A.3, A.5 byte for byte, in both directions:
/// protecting the unprotected packet gives the RFC's bytes, and unprotecting those gives back
/// the RFC's header and payload.
/// </summary>
public class PacketProtectionVectorTests
{
    private static readonly byte[] Dcid = Convert.FromHexString(ProtectionVectors.ClientDcid);
    private const int Tag = PacketProtection.TagLength;

    /// <summary>A.2: the CRYPTO frame followed by PADDING (zero bytes) up to 1162 bytes of payload.</summary>
    private static byte[] ClientPayload(ProtectionVectors v)
    {
        var payload = new byte[ProtectionVectors.ClientPayloadLength];
        Convert.FromHexString(v.ClientCryptoFrame).CopyTo(payload, 0);
        return payload;
    }

    private static byte[] Unprotected(string header, byte[] payload) =>
        [.. Convert.FromHexString(header), .. payload, .. new byte[Tag]];

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Protects_the_client_initial(uint version)
    {
        var v = ProtectionVectors.For(version);
        var (client, server) = InitialSecrets.CreateProtection(version, Dcid);
        using var _ = client;
        using var __ = server;
        var packet = Unprotected(v.ClientHeader, ClientPayload(v));

        int length = client.Protect(packet, ProtectionVectors.InitialPnOffset, 4, 2, ProtectionVectors.ClientPayloadLength);

        Assert.Equal(1200, length);
        Assert.Equal(v.ClientProtected, Convert.ToHexStringLower(packet));
        Assert.Equal(v.ClientProtectedHeader, Convert.ToHexStringLower(packet.AsSpan(0, 22)));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Unprotects_the_client_initial(uint version)
    {
        var v = ProtectionVectors.For(version);
        var (client, server) = InitialSecrets.CreateProtection(version, Dcid);
        using var _ = client;
        using var __ = server;
        var packet = Convert.FromHexString(v.ClientProtected);

        // The server receives with the client's keys; nothing received yet in the Initial space.
        Assert.True(client.TryUnprotect(packet, ProtectionVectors.InitialPnOffset, -1, out ulong pn, out int pnLength, out Range payload));

        Assert.Equal(2UL, pn);
        Assert.Equal(4, pnLength);
        Assert.Equal(v.ClientHeader, Convert.ToHexStringLower(packet.AsSpan(0, 22)));
        Assert.Equal(ClientPayload(v), packet[payload]);
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Computes_the_client_initial_mask_from_its_sample(uint version)
    {
        var v = ProtectionVectors.For(version);
        using var hp = HeaderProtection.Create(CipherSuite.Aes128GcmSha256, Convert.FromHexString(v.ClientHp));
        var protectedPacket = Convert.FromHexString(v.ClientProtected);
        // 4-byte packet number: the sample is the first 16 bytes of the protected payload.
        Assert.Equal(v.ClientSample, Convert.ToHexStringLower(protectedPacket.AsSpan(22, 16)));
        Span<byte> mask = stackalloc byte[HeaderProtection.MaskLength];
        hp.ComputeMask(Convert.FromHexString(v.ClientSample), mask);
        Assert.Equal(v.ClientMask, Convert.ToHexStringLower(mask));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Protects_the_server_initial(uint version)
    {
        var v = ProtectionVectors.For(version);
        var (client, server) = InitialSecrets.CreateProtection(version, Dcid);
        using var _ = client;
        using var __ = server;
        var payload = Convert.FromHexString(v.ServerPayload);
        var packet = Unprotected(v.ServerHeader, payload);

        int length = server.Protect(packet, ProtectionVectors.InitialPnOffset, 2, 1, payload.Length);

        Assert.Equal(packet.Length, length);
        Assert.Equal(v.ServerProtected, Convert.ToHexStringLower(packet));
        Assert.Equal(v.ServerProtectedHeader, Convert.ToHexStringLower(packet.AsSpan(0, 20)));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Unprotects_the_server_initial(uint version)
    {
        var v = ProtectionVectors.For(version);
        var (client, server) = InitialSecrets.CreateProtection(version, Dcid);
        using var _ = client;
        using var __ = server;
        var packet = Convert.FromHexString(v.ServerProtected);

        Assert.True(server.TryUnprotect(packet, ProtectionVectors.InitialPnOffset, -1, out ulong pn, out int pnLength, out Range payload));

        Assert.Equal(1UL, pn);
        Assert.Equal(2, pnLength);
        Assert.Equal(v.ServerHeader, Convert.ToHexStringLower(packet.AsSpan(0, 20)));
        Assert.Equal(v.ServerPayload, Convert.ToHexStringLower(packet[payload]));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Computes_the_server_initial_mask_from_its_sample(uint version)
    {
        var v = ProtectionVectors.For(version);
        using var hp = HeaderProtection.Create(CipherSuite.Aes128GcmSha256, Convert.FromHexString(v.ServerHp));
        var protectedPacket = Convert.FromHexString(v.ServerProtected);
        // 2-byte packet number: the sample starts at the third protected payload byte.
        Assert.Equal(v.ServerSample, Convert.ToHexStringLower(protectedPacket.AsSpan(18 + 4, 16)));
        Span<byte> mask = stackalloc byte[HeaderProtection.MaskLength];
        hp.ComputeMask(Convert.FromHexString(v.ServerSample), mask);
        Assert.Equal(v.ServerMask, Convert.ToHexStringLower(mask));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Protects_the_chacha20_short_header_packet(uint version)
    {
        var v = ProtectionVectors.For(version);
        using var protection = new PacketProtection(CipherSuite.ChaCha20Poly1305Sha256, Convert.FromHexString(v.ChaChaSecret), version);
        var packet = Unprotected(v.ChaChaHeader, Convert.FromHexString(v.ChaChaPlaintext));

        int length = protection.Protect(packet, pnOffset: 1, pnLength: 3, ProtectionVectors.ChaChaPacketNumber, payloadLength: 1);

        Assert.Equal(21, length);
        Assert.Equal(v.ChaChaPacket, Convert.ToHexStringLower(packet));
        Assert.Equal(v.ChaChaProtectedHeader, Convert.ToHexStringLower(packet.AsSpan(0, 4)));
        Assert.Equal(v.ChaChaCiphertext, Convert.ToHexStringLower(packet.AsSpan(4)));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Unprotects_the_chacha20_short_header_packet(uint version)
    {
        var v = ProtectionVectors.For(version);
        using var protection = new PacketProtection(CipherSuite.ChaCha20Poly1305Sha256, Convert.FromHexString(v.ChaChaSecret), version);
        var packet = Convert.FromHexString(v.ChaChaPacket);

        // Any largest packet number within half the 24-bit window recovers 654360564.
        Assert.True(protection.TryUnprotect(packet, 1, (long)ProtectionVectors.ChaChaPacketNumber - 100, out ulong pn, out int pnLength, out Range payload));

        Assert.Equal(ProtectionVectors.ChaChaPacketNumber, pn);
        Assert.Equal(3, pnLength);
        Assert.Equal(v.ChaChaHeader, Convert.ToHexStringLower(packet.AsSpan(0, 4)));
        Assert.Equal(v.ChaChaPlaintext, Convert.ToHexStringLower(packet[payload]));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Forms_the_chacha20_nonce_and_mask(uint version)
    {
        var v = ProtectionVectors.For(version);
        var keys = TrafficKeys.Derive(CipherSuite.ChaCha20Poly1305Sha256, Convert.FromHexString(v.ChaChaSecret), version);
        using var aead = new PacketAead(CipherSuite.ChaCha20Poly1305Sha256, keys.Key, keys.Iv);
        Span<byte> nonce = stackalloc byte[12];
        aead.MakeNonce(ProtectionVectors.ChaChaPacketNumber, nonce);
        Assert.Equal(v.ChaChaNonce, Convert.ToHexStringLower(nonce));

        using var hp = HeaderProtection.Create(CipherSuite.ChaCha20Poly1305Sha256, keys.HeaderProtectionKey);
        Span<byte> mask = stackalloc byte[HeaderProtection.MaskLength];
        hp.ComputeMask(Convert.FromHexString(v.ChaChaSample), mask);
        Assert.Equal(v.ChaChaMask, Convert.ToHexStringLower(mask));
    }
}
