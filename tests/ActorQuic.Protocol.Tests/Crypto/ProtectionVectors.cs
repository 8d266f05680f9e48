namespace ActorQuic.Protocol.Tests.Crypto;

/// <summary>
/// The sample packet protection values of RFC 9001 appendix A and RFC 9369 appendix A, as hex
/// copied verbatim from the spec text (8-byte client DCID 0x8394c8f03e515708).
/// </summary>
public sealed record ProtectionVectors(
    uint Version,
    string InitialSecret,
    string ClientInitialSecret, string ClientKey, string ClientIv, string ClientHp,
    string ServerInitialSecret, string ServerKey, string ServerIv, string ServerHp,
    string ClientCryptoFrame, string ClientHeader, string ClientSample, string ClientMask,
    string ClientProtectedHeader, string ClientProtected,
    string ServerPayload, string ServerHeader, string ServerSample, string ServerMask,
    string ServerProtectedHeader, string ServerProtected,
    string Retry,
    string ChaChaSecret, string ChaChaKey, string ChaChaIv, string ChaChaHp, string ChaChaKu,
    string ChaChaNonce, string ChaChaHeader, string ChaChaPlaintext, string ChaChaCiphertext,
    string ChaChaSample, string ChaChaMask, string ChaChaProtectedHeader, string ChaChaPacket)
{
    /// <summary>The client's original Destination Connection ID in both appendices.</summary>
    public const string ClientDcid = "8394c8f03e515708";

    /// <summary>The client Initial's payload is the CRYPTO frame padded with PADDING (zeros) to 1162 bytes.</summary>
    public const int ClientPayloadLength = 1162;

    /// <summary>Both Initial headers put the packet number at byte 18 (RFC 9001 A.2: header[18..21]).</summary>
    public const int InitialPnOffset = 18;

    /// <summary>A.5: packet number 654360564, sent as 3 bytes (0x00bff4 = 49140) after a 1-byte short header with no DCID.</summary>
    public const ulong ChaChaPacketNumber = 654360564;

    public static ProtectionVectors For(uint version) => version switch
    {
        ActorQuic.Protocol.Wire.QuicVersion.V1 => Rfc9001Vectors.Values,
        ActorQuic.Protocol.Wire.QuicVersion.V2 => Rfc9369Vectors.Values,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    public override string ToString() => $"0x{Version:x8}";
}
