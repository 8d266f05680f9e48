using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace ActorQuic.Load;

/// <summary>
/// What the peers scenario serves, in a fresh temp folder: seeded random files (the measured one,
/// a 10 MB warm-up, a 1 KiB one for the fixed cost of a fetch) with their SHA-256, an ECDSA P-256
/// certificate made by openssl (both servers use it; `actorquic get` trusts it with --ca), and
/// download folders. Everything is deleted on Dispose.
/// </summary>
public sealed class PeerContent : IDisposable
{
    public const string SmallName = "1k.bin";
    public const string WarmUpName = "warmup-10m.bin";
    private const int SmallSize = 1024;
    private const int WarmUpSize = 10_000_000;

    private readonly Dictionary<string, (long Size, string Sha256)> _files = new(StringComparer.Ordinal);
    private int _downloads;

    private PeerContent(string folder, long size)
    {
        Folder = folder;
        Root = Directory.CreateDirectory(Path.Combine(folder, "www")).FullName;
        CertPath = Path.Combine(folder, "cert.pem");
        KeyPath = Path.Combine(folder, "key.pem");
        LargeName = $"blob-{size.ToString(CultureInfo.InvariantCulture)}.bin";
    }

    public string Folder { get; }

    public string Root { get; }

    public string CertPath { get; }

    public string KeyPath { get; }

    /// <summary>The measured file.</summary>
    public string LargeName { get; }

    public static async Task<PeerContent> CreateAsync(long size)
    {
        var content = new PeerContent(Directory.CreateTempSubdirectory("actorquic-peers-").FullName, size);
        try
        {
            await content.MakeCertificateAsync().ConfigureAwait(false);
            content.Write(SmallName, SmallSize, 1);
            content.Write(WarmUpName, WarmUpSize, 2);
            content.Write(content.LargeName, size, 3);
            return content;
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    public long SizeOf(string name) => _files[name].Size;

    /// <summary>A fresh empty folder for one download.</summary>
    public string NewDownloadFolder() =>
        Directory.CreateDirectory(Path.Combine(Folder, "dl", Interlocked.Increment(ref _downloads).ToString(CultureInfo.InvariantCulture))).FullName;

    /// <summary>Null when <paramref name="path"/> is the served file <paramref name="name"/> byte for byte, else why not.</summary>
    public string? Verify(string name, string path)
    {
        if (!File.Exists(path)) return "no file saved";
        var (size, sha256) = _files[name];
        long length = new FileInfo(path).Length;
        if (length != size) return $"saved {length} of {size} bytes";
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file)) == sha256 ? null : "SHA-256 differs";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not delete {Folder}: {e.Message}");
        }
    }

    private void Write(string name, long size, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = File.Create(Path.Combine(Root, name)))
        {
            for (long left = size; left > 0; left -= buffer.Length)
            {
                var chunk = buffer.AsSpan(0, (int)Math.Min(left, buffer.Length));
                random.NextBytes(chunk);
                hash.AppendData(chunk);
                file.Write(chunk);
            }
        }
        _files[name] = (size, Convert.ToHexString(hash.GetHashAndReset()));
    }

    /// <summary>Self-signed P-256, SAN localhost and 127.0.0.1 (the clients connect to the IP literal).</summary>
    private async Task MakeCertificateAsync()
    {
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", KeyPath, "-out", CertPath, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-addext", "basicConstraints=critical,CA:FALSE",
            "-addext", "keyUsage=critical,digitalSignature",
            "-addext", "extendedKeyUsage=serverAuth",
        })
        {
            info.ArgumentList.Add(a);
        }
        using var openssl = Process.Start(info) ?? throw new InvalidOperationException("could not start openssl");
        var stderr = openssl.StandardError.ReadToEndAsync();
        _ = openssl.StandardOutput.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await openssl.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        if (openssl.ExitCode != 0 || !File.Exists(CertPath) || !File.Exists(KeyPath))
            throw new InvalidOperationException($"openssl could not make the certificate: {(await stderr.ConfigureAwait(false)).Trim()}");
    }
}
