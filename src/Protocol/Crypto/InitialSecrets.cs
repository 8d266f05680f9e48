using System.Security.Cryptography;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// Initial secrets (RFC 9001 §5.2, RFC 9369 §3.3.1): HKDF-Extract with the version's salt over
/// the Destination Connection ID of the client's first Initial (or the one a Retry chose), then
/// HKDF-Expand-Label "client in" / "server in" to 32 bytes. Always SHA-256 and AES-128-GCM.
/// </summary>
public static class InitialSecrets
{
    public const CipherSuite Suite = CipherSuite.Aes128GcmSha256;
    public const int SecretLength = 32;

    /// <summary>Derives both directions' secrets; each destination must be 32 bytes.</summary>
    public static void Derive(uint version, ReadOnlySpan<byte> clientDestinationCid, Span<byte> clientSecret, Span<byte> serverSecret)
    {
        if (clientSecret.Length != SecretLength || serverSecret.Length != SecretLength)
            throw new ArgumentException($"initial secrets are {SecretLength} bytes");
        Span<byte> initialSecret = stackalloc byte[SecretLength];
        Extract(version, clientDestinationCid, initialSecret);
        // The labels are the same for v1 and v2; only the salt differs (RFC 9369 §3.3.1).
        HkdfLabel.Expand(HashAlgorithmName.SHA256, initialSecret, "client in"u8, default, clientSecret);
        HkdfLabel.Expand(HashAlgorithmName.SHA256, initialSecret, "server in"u8, default, serverSecret);
        CryptographicOperations.ZeroMemory(initialSecret);
    }

    public static (byte[] Client, byte[] Server) Derive(uint version, ReadOnlySpan<byte> clientDestinationCid)
    {
        var client = new byte[SecretLength];
        var server = new byte[SecretLength];
        Derive(version, clientDestinationCid, client, server);
        return (client, server);
    }

    /// <summary>
    /// Ready-to-use Initial packet protection for both directions. A client sends with
    /// <c>Client</c> and receives with <c>Server</c>; a server the other way round.
    /// </summary>
    public static (PacketProtection Client, PacketProtection Server) CreateProtection(uint version, ReadOnlySpan<byte> clientDestinationCid)
    {
        Span<byte> client = stackalloc byte[SecretLength];
        Span<byte> server = stackalloc byte[SecretLength];
        Derive(version, clientDestinationCid, client, server);
        var result = (new PacketProtection(Suite, client, version), new PacketProtection(Suite, server, version));
        CryptographicOperations.ZeroMemory(client);
        CryptographicOperations.ZeroMemory(server);
        return result;
    }

    /// <summary>initial_secret = HKDF-Extract(initial_salt, cid); exposed for the RFC's intermediate value.</summary>
    internal static void Extract(uint version, ReadOnlySpan<byte> clientDestinationCid, Span<byte> initialSecret) =>
        // HKDF-Extract is HMAC-Hash(salt, IKM) (RFC 5869 §2.2). Computed as HMAC because the BCL's
        // HKDF.Extract (OpenSSL) throws on an empty IKM, and a zero-length DCID is legal after a
        // Retry whose Source Connection ID was empty (RFC 9001 §5.2).
        HMACSHA256.HashData(VersionLabels.InitialSalt(version), clientDestinationCid, initialSecret);
}
