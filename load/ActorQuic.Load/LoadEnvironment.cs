using System.Diagnostics;
using ActorQuic.Protocol.Tls;
using Akka.Actor;

namespace ActorQuic.Load;

/// <summary>Shared set-up: the ActorSystem config, certificates on disk, client options, paths.</summary>
public static class LoadEnvironment
{
    /// <summary>Long enough that 1,000 idle connections opened one after another all stay up (RFC 9000 §10.1: the smaller side wins).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    public static ActorSystem CreateSystem(string name) => ActorSystem.Create(name,
        "akka.loglevel = WARNING\nakka.log-dead-letters = 0\nakka.log-dead-letters-during-shutdown = off");

    public static Streams.QuicClientOptions ClientOptions(string caPem) => new()
    {
        ServerName = "localhost",
        ApplicationProtocols = { HqProtocol.Alpn },
        TrustedCaPems = { caPem },
        IdleTimeout = IdleTimeout,
        HandshakeTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A development certificate for "localhost" written as PEM files into a fresh temp folder.</summary>
    public static (string CertPath, string KeyPath) WriteCertificate()
    {
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        string folder = Directory.CreateTempSubdirectory("actorquic-load-").FullName;
        string cert = Path.Combine(folder, "cert.pem"), key = Path.Combine(folder, "key.pem");
        File.WriteAllText(cert, certificate.CertificatePem);
        File.WriteAllText(key, certificate.PrivateKeyPem);
        return (cert, key);
    }

    /// <summary>The repository root (where ActorQuic.sln is), or the current folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorQuic.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    public static string ReportsFolder() => Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "load", "reports")).FullName;

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>How to start this program again as a child (apphost, or `dotnet the.dll`).</summary>
    public static ProcessStartInfo SelfStartInfo(params string[] args)
    {
        string path = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet") info.ArgumentList.Add(typeof(LoadEnvironment).Assembly.Location);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return info;
    }
}
