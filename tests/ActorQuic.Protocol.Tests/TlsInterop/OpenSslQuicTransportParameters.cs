namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Makes stock <c>openssl s_server</c> answer the engine's quic_transport_parameters extension
/// (0x39, RFC 9001 §8.2) without any QUIC support: <c>-serverinfo</c> with a SERVERINFOV2 block
/// whose context is ClientHello | TLS 1.3 EncryptedExtensions (OpenSSL's SSL_EXT_CLIENT_HELLO 0x80 |
/// SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS 0x400) returns fixed extension data in EncryptedExtensions
/// whenever the ClientHello carried the extension empty. So our client sends empty transport
/// parameters and gets these bytes back, and the engine's QUIC requirement is met as is.
/// </summary>
public static class OpenSslQuicTransportParameters
{
    /// <summary>Arbitrary bytes: TLS treats transport parameters as opaque; the engine only needs them present.</summary>
    public static readonly byte[] ServerParameters = [0x01, 0x02, 0x43, 0xe8]; // max_idle_timeout = 1000 (RFC 9000 §18.2)

    private static readonly Lazy<string> File = new(Write);

    /// <summary>The path of the PEM file for <c>s_server -serverinfo</c>.</summary>
    public static string ServerInfoPath => File.Value;

    private static string Write()
    {
        // 4-byte context 0x00000480, big-endian.
        byte[] block =
        [
            0x00, 0x00, 0x04, 0x80,
            0x00, 0x39, // extension type
            0x00, (byte)ServerParameters.Length,
            .. ServerParameters,
        ];
        string path = Path.Combine(TestCertificates.Get(TestKeyType.EcdsaP256).Directory, "..", "quic-transport-parameters.serverinfo.pem");
        System.IO.File.WriteAllText(path,
            "-----BEGIN SERVERINFOV2 FOR QUIC TRANSPORT PARAMETERS-----\n" + Convert.ToBase64String(block) +
            "\n-----END SERVERINFOV2 FOR QUIC TRANSPORT PARAMETERS-----\n");
        return Path.GetFullPath(path);
    }
}
