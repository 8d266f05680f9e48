using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Streams;

/// <summary>Loads PEM text (certificate chains, keys, trust anchors) with errors that name the option.</summary>
internal static class PemMaterial
{
    /// <summary>Parses a chain and key once, so a bad PEM fails at Bind/Connect rather than in a handshake.</summary>
    public static void CheckCertificate(string chainPem, string keyPem, string option) =>
        LoadCertificate(chainPem, keyPem, option).Dispose();

    /// <summary>Parses a chain and key, with an error naming <paramref name="option"/>.</summary>
    public static TlsCertificate LoadCertificate(string chainPem, string keyPem, string option)
    {
        try
        {
            return TlsCertificate.FromPem(chainPem, keyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or FormatException)
        {
            throw new ArgumentException($"{option}: cannot load the certificate chain and private key: {e.Message}", option, e);
        }
    }

    public static X509Certificate2Collection? TrustAnchors(IList<string>? pems, string option)
    {
        if (pems is null || pems.Count == 0) return null;
        var anchors = new X509Certificate2Collection();
        foreach (var pem in pems)
        {
            try
            {
                int before = anchors.Count;
                anchors.ImportFromPem(pem);
                if (anchors.Count == before) throw new ArgumentException("no CERTIFICATE block");
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new ArgumentException($"{option}: not a PEM certificate: {e.Message}", option, e);
            }
        }
        return anchors;
    }
}
