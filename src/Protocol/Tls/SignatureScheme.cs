namespace ActorQuic.Protocol.Tls;

/// <summary>The signature schemes supported (RFC 9846 §4.2.3).</summary>
public enum SignatureScheme : ushort
{
    EcdsaSecp256r1Sha256 = 0x0403,
    EcdsaSecp384r1Sha384 = 0x0503,
    RsaPssRsaeSha256 = 0x0804,
    RsaPssRsaeSha384 = 0x0805,
    RsaPssRsaeSha512 = 0x0806,
    Ed25519 = 0x0807,
}
