using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>RFC 9001 A.1 and RFC 9369 A.1: initial secrets and the keys derived from them.</summary>
public class InitialSecretsTests
{
    private static readonly byte[] Dcid = Convert.FromHexString(ProtectionVectors.ClientDcid);

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Extracts_the_common_initial_secret(uint version)
    {
        var v = ProtectionVectors.For(version);
        Span<byte> secret = stackalloc byte[32];
        InitialSecrets.Extract(version, Dcid, secret);
        Assert.Equal(v.InitialSecret, Convert.ToHexStringLower(secret));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Derives_client_and_server_secrets(uint version)
    {
        var v = ProtectionVectors.For(version);
        var (client, server) = InitialSecrets.Derive(version, Dcid);
        Assert.Equal(v.ClientInitialSecret, Convert.ToHexStringLower(client));
        Assert.Equal(v.ServerInitialSecret, Convert.ToHexStringLower(server));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Derives_key_iv_and_hp_with_the_version_labels(uint version)
    {
        var v = ProtectionVectors.For(version);
        var client = TrafficKeys.Derive(CipherSuite.Aes128GcmSha256, Convert.FromHexString(v.ClientInitialSecret), version);
        Assert.Equal(v.ClientKey, Convert.ToHexStringLower(client.Key));
        Assert.Equal(v.ClientIv, Convert.ToHexStringLower(client.Iv));
        Assert.Equal(v.ClientHp, Convert.ToHexStringLower(client.HeaderProtectionKey));

        var server = TrafficKeys.Derive(CipherSuite.Aes128GcmSha256, Convert.FromHexString(v.ServerInitialSecret), version);
        Assert.Equal(v.ServerKey, Convert.ToHexStringLower(server.Key));
        Assert.Equal(v.ServerIv, Convert.ToHexStringLower(server.Iv));
        Assert.Equal(v.ServerHp, Convert.ToHexStringLower(server.HeaderProtectionKey));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Derives_chacha20_keys_of_appendix_a5(uint version)
    {
        var v = ProtectionVectors.For(version);
        var keys = TrafficKeys.Derive(CipherSuite.ChaCha20Poly1305Sha256, Convert.FromHexString(v.ChaChaSecret), version);
        Assert.Equal(v.ChaChaKey, Convert.ToHexStringLower(keys.Key));
        Assert.Equal(v.ChaChaIv, Convert.ToHexStringLower(keys.Iv));
        Assert.Equal(v.ChaChaHp, Convert.ToHexStringLower(keys.HeaderProtectionKey));
    }

    [Fact]
    public void Versions_give_different_secrets_for_the_same_connection_id()
    {
        var (v1Client, _) = InitialSecrets.Derive(QuicVersion.V1, Dcid);
        var (v2Client, _) = InitialSecrets.Derive(QuicVersion.V2, Dcid);
        Assert.NotEqual(v1Client, v2Client);
    }

    [Fact]
    public void Accepts_zero_length_and_twenty_byte_connection_ids()
    {
        // RFC 9001 §5.2 note: after a Retry with an empty SCID the DCID can be empty.
        var (emptyClient, _) = InitialSecrets.Derive(QuicVersion.V1, ReadOnlySpan<byte>.Empty);
        var (longClient, _) = InitialSecrets.Derive(QuicVersion.V1, new byte[20]);
        Assert.Equal(32, emptyClient.Length);
        Assert.NotEqual(emptyClient, longClient);
    }

    [Fact]
    public void Rejects_unknown_versions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InitialSecrets.Derive(0xff00001d, Dcid));
    }

    [Fact]
    public void Uses_sha384_and_32_byte_keys_for_aes256()
    {
        var keys = TrafficKeys.Derive(CipherSuite.Aes256GcmSha384, new byte[48], QuicVersion.V1);
        Assert.Equal(32, keys.Key.Length);
        Assert.Equal(12, keys.Iv.Length);
        Assert.Equal(32, keys.HeaderProtectionKey.Length);
    }
}
