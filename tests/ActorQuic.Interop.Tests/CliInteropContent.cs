using System.Security.Cryptography;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// Shared by the CLI interop tests (one collection, so they run one after the other on this
/// 2-core machine): seeded 1 KB, 1 MB, 4 MB and 100 MB files with their SHA-256, and a
/// throwaway P-256 certificate as PEM files for both programs.
/// </summary>
public sealed class CliInteropContent : IDisposable
{
    public static readonly (string Name, int Size)[] Files =
        [("1k.bin", 1024), ("1m.bin", 1024 * 1024), ("100m.bin", 100 * 1024 * 1024)];

    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public CliInteropContent()
    {
        Base = Directory.CreateTempSubdirectory("aq-cli-interop-").FullName;
        Root = System.IO.Path.Combine(Base, "www");
        Directory.CreateDirectory(Root);
        var random = new Random(1234);
        foreach (var (name, size) in Files)
        {
            var data = new byte[size];
            random.NextBytes(data);
            File.WriteAllBytes(System.IO.Path.Combine(Root, name), data);
            _hashes[name] = Convert.ToHexString(SHA256.HashData(data));
        }
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        CertPath = System.IO.Path.Combine(Base, "cert.pem");
        KeyPath = System.IO.Path.Combine(Base, "key.pem");
        File.WriteAllText(CertPath, certificate.CertificatePem);
        File.WriteAllText(KeyPath, certificate.PrivateKeyPem);
    }

    public string Base { get; }

    public string Root { get; }

    public string CertPath { get; }

    public string KeyPath { get; }

    /// <summary>A fresh empty directory for one download.</summary>
    public string NewDownloadDirectory()
    {
        string path = System.IO.Path.Combine(Base, "dl-" + Interlocked.Increment(ref _downloads));
        Directory.CreateDirectory(path);
        return path;
    }

    private int _downloads;

    public string ExpectedSha256(string name) => _hashes[name];

    public static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file));
    }

    public void Dispose()
    {
        try { Directory.Delete(Base, recursive: true); } catch (IOException) { }
    }
}
