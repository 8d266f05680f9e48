namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// Key update (RFC 9001 §6.1): the next generation's secret is
/// HKDF-Expand-Label(secret, "quic ku", "", Hash.length) ("quicv2 ku" for v2, RFC 9369 §3.3.2).
/// New AEAD key and IV come from the new secret; the header protection key is NOT updated, so
/// it stays the one derived from the first 1-RTT secret.
/// </summary>
public static class KeyUpdate
{
    public static byte[] NextSecret(CipherSuite suite, ReadOnlySpan<byte> secret, uint version)
    {
        var next = new byte[suite.GetHashLength()];
        NextSecret(suite, secret, version, next);
        return next;
    }

    /// <summary>Writes the next secret into <paramref name="destination"/>, which must be Hash.length bytes.</summary>
    public static void NextSecret(CipherSuite suite, ReadOnlySpan<byte> secret, uint version, Span<byte> destination)
    {
        if (destination.Length != suite.GetHashLength())
            throw new ArgumentException($"the next secret of {suite} is {suite.GetHashLength()} bytes", nameof(destination));
        HkdfLabel.Expand(suite.GetHashAlgorithm(), secret, VersionLabels.KeyUpdate(version), default, destination);
    }
}
