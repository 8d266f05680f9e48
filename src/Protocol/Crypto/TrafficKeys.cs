namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// The three values packet protection derives from one direction's traffic secret (RFC 9001
/// §5.1): the AEAD key ("quic key"), the IV ("quic iv") and the header protection key
/// ("quic hp"); v2 uses "quicv2 …" labels (RFC 9369 §3.3.2). Every label uses an empty context.
/// </summary>
public sealed class TrafficKeys
{
    private TrafficKeys(byte[] key, byte[] iv, byte[] headerProtectionKey)
    {
        Key = key;
        Iv = iv;
        HeaderProtectionKey = headerProtectionKey;
    }

    public byte[] Key { get; }
    public byte[] Iv { get; }
    public byte[] HeaderProtectionKey { get; }

    public static TrafficKeys Derive(CipherSuite suite, ReadOnlySpan<byte> secret, uint version)
    {
        var hash = suite.GetHashAlgorithm();
        int keyLength = suite.GetKeyLength();
        var key = new byte[keyLength];
        var iv = new byte[CipherSuiteExtensions.IvLength];
        // The header protection key is as long as the AEAD key for every suite (RFC 9001 §5.4.3, §5.4.4).
        var hp = new byte[keyLength];
        HkdfLabel.Expand(hash, secret, VersionLabels.Key(version), default, key);
        HkdfLabel.Expand(hash, secret, VersionLabels.Iv(version), default, iv);
        HkdfLabel.Expand(hash, secret, VersionLabels.HeaderProtection(version), default, hp);
        return new TrafficKeys(key, iv, hp);
    }
}
