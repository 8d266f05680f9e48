namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>The certificate key types the interop tests cover (RFC 9846 §4.2.3 signature schemes).</summary>
public enum TestKeyType
{
    EcdsaP256,
    EcdsaP384,
    Rsa2048,
    Ed25519,
}
