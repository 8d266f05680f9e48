using ActorQuic.Host.Demo;
using ActorQuic.Host.Tls;
using ActorQuic.Http3.FileServer;

namespace ActorQuic.Host.Cli;

/// <summary>
/// <c>serve</c>: prepares the root and the certificate, listens, prints
/// <c>listening on ADDRESS</c> and <c>spki sha256/PIN</c>, serves until cancelled, then closes.
/// </summary>
internal static partial class ServeRunner
{
    public static async Task<int> RunAsync(ServeSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        string root = settings.Root ?? DemoSite.Locate();
        FileRequestHandler files;
        try
        {
            files = new FileRequestHandler(root);
        }
        catch (DirectoryNotFoundException)
        {
            throw new UsageException($"--root '{root}': no such directory");
        }
        using var certificate = settings.CertificatePath is { } certPath
            ? ServerCertificate.Load(certPath, settings.KeyPath!)
            : ServerCertificate.Generate(DateTimeOffset.UtcNow);
        return await ListenAsync(settings, files, certificate, console, cancellationToken).ConfigureAwait(false);
    }
}
