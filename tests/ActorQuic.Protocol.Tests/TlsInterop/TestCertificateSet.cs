namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// A test CA and a leaf it signed (SAN localhost and 127.0.0.1), as PEM files in a temp directory
/// for OpenSSL and as DER/PKCS#8 bytes for the engine.
/// </summary>
public sealed record TestCertificateSet(
    TestKeyType KeyType,
    string Directory,
    string CaCertificatePath,
    string LeafCertificatePath,
    string LeafKeyPath,
    byte[] CaCertificateDer,
    byte[] LeafCertificateDer,
    byte[] LeafPrivateKeyPkcs8)
{
    public string CaCertificatePem => File.ReadAllText(CaCertificatePath);
    public string LeafCertificatePem => File.ReadAllText(LeafCertificatePath);
    public string LeafKeyPem => File.ReadAllText(LeafKeyPath);
}
