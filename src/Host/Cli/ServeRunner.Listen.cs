using ActorQuic.Host.Tls;
using ActorQuic.Http3.FileServer;

namespace ActorQuic.Host.Cli;

internal static partial class ServeRunner
{
    private static Task<int> ListenAsync(ServeSettings settings, FileRequestHandler files, ServerCertificate certificate,
        HostConsole console, CancellationToken cancellationToken)
    {
        _ = settings; _ = files; _ = certificate; _ = console; _ = cancellationToken;
        throw new UsageException("serving needs the QUIC stream API, which is not in this build yet");
    }
}
