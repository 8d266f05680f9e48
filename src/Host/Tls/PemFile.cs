using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Host.Cli;

namespace ActorQuic.Host.Tls;

/// <summary>Reading PEM files named on the command line, with one-line errors.</summary>
internal static class PemFile
{
    /// <summary>PEM files are small; anything bigger is not what the user meant.</summary>
    private const long MaxLength = 1 << 20;

    public static string ReadText(string option, string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new UsageException($"{option} '{path}': no such file");
            if (info.Length > MaxLength) throw new UsageException($"{option} '{path}': too large for a PEM file");
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option} '{path}': cannot read ({OneLine(e.Message)})");
        }
    }

    /// <summary>The CERTIFICATE blocks of a <c>--ca</c> file; none is an error.</summary>
    public static X509Certificate2Collection ReadCertificates(string option, string path)
    {
        string pem = ReadText(option, path);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            throw new UsageException($"{option} '{path}': invalid PEM ({OneLine(e.Message)})");
        }
        if (collection.Count == 0) throw new UsageException($"{option} '{path}': no CERTIFICATE block in the file");
        return collection;
    }

    public static string OneLine(string message) => HostText.OneLine(message);
}
