using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Streams;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Load;

/// <summary>
/// `serve-blob --cert F --key F`: an hq-interop server on 127.0.0.1, port 0. Prints "PORT n", then
/// answers "stats" / "memstats" (after a full GC) on stdin with a STATS line; "quit" ends it.
/// </summary>
public static class BlobServer
{
    public static async Task<int> RunAsync(string certPath, string keyPath)
    {
        using var system = LoadEnvironment.CreateSystem("serve-blob");
        var materializer = system.Materializer();
        var endpoint = QuicEndpoint.Bind(system, new QuicEndpointOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            MaxHandshakesInProgress = 1_000,
            Server = new QuicServerOptions
            {
                CertificateChainPath = certPath,
                PrivateKeyPath = keyPath,
                ApplicationProtocols = { HqProtocol.Alpn },
                IdleTimeout = LoadEnvironment.IdleTimeout,
            },
        });
        _ = endpoint.IncomingConnections.RunForeach(connection =>
            connection.IncomingStreams.RunForeach(stream => _ = HqProtocol.AnswerAsync(stream, materializer), materializer), materializer);
        Console.WriteLine($"PORT {((IPEndPoint)endpoint.LocalEndPoint).Port}");
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } command)
        {
            if (command == "quit") break;
            if (command is "stats" or "memstats")
            {
                var report = await endpoint.EndpointActor.Ask<EndpointStatisticsReport>(GetEndpointStatistics.Instance, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                Console.WriteLine(ProcessStats.Capture(command == "memstats", report.TotalDatagrams, report.Connections).ToLine());
            }
        }
        await endpoint.DisposeAsync().ConfigureAwait(false);
        await system.Terminate().ConfigureAwait(false);
        return 0;
    }
}
