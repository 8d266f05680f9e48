namespace ActorQuic.Host.Cli;

/// <summary><c>get</c>: one connection per host:port, one bidirectional stream per URL, concurrently.</summary>
internal static partial class GetRunner
{
    public static Task<int> RunAsync(GetSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        _ = settings; _ = console; _ = cancellationToken;
        throw new UsageException("fetching needs the QUIC stream API, which is not in this build yet");
    }
}
