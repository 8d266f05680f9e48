using System.Net.Security;
using System.Net.Sockets;
using ActorQuic.Host.Hq;
using ActorQuic.Host.Tls;
using ActorQuic.Http3.FileServer;
using ActorQuic.Streams;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Host.Cli;

internal static partial class ServeRunner
{
    /// <summary>Closing code when the server stops (an application close, RFC 9000 §10.2).</summary>
    private const long ShutdownErrorCode = 0;

    private static async Task<int> ListenAsync(ServeSettings settings, FileRequestHandler files, ServerCertificate certificate,
        HostConsole console, CancellationToken cancellationToken)
    {
        var system = HostActorSystem.Create();
        try
        {
            var materializer = system.Materializer();
            var options = new QuicEndpointOptions
            {
                LocalEndPoint = settings.Listen,
                Server = new QuicServerOptions
                {
                    CertificateChainPem = certificate.CertificatePem,
                    PrivateKeyPem = certificate.PrivateKeyPem,
                    ApplicationProtocols = [.. settings.Alpn.Select(a => new SslApplicationProtocol(a))],
                    RequireRetry = settings.Retry,
                },
            };
            QuicEndpoint endpoint;
            try
            {
                endpoint = QuicEndpoint.Bind(system, options);
            }
            catch (SocketException e)
            {
                console.Error($"cannot listen on {settings.Listen}: {e.Message}");
                return ExitCodes.Failure;
            }
            await using (endpoint.ConfigureAwait(false))
            {
                console.Line($"listening on {endpoint.LocalEndPoint}");
                console.Line($"spki sha256/{certificate.SpkiSha256}");
                console.Line($"root {files.RealRoot}");
                console.Line($"alpn {string.Join(',', settings.Alpn)}");
                console.Line(certificate.Generated ? "certificate self-signed (generated for this run)" : "certificate loaded");
                var server = new HqFileServer(files, materializer, console.Line);
                var connections = new List<QuicConnection>();
                var (killSwitch, done) = endpoint.IncomingConnections
                    .ViaMaterialized(KillSwitches.Single<QuicConnection>(), Keep.Right)
                    .ToMaterialized(Sink.ForEach<QuicConnection>(connection =>
                    {
                        lock (connections) connections.Add(connection);
                        _ = ServeConnectionAsync(connection, server, materializer, cancellationToken);
                    }), Keep.Both)
                    .Run(materializer);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C, SIGTERM or the caller: close gracefully below.
                }
                killSwitch.Shutdown();
                QuicConnection[] open;
                lock (connections) open = [.. connections];
                try
                {
                    await Task.WhenAll(open.Select(c => c.CloseAsync(ShutdownErrorCode, "server shutting down")))
                        .WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // A peer that does not answer: the endpoint's disposal ends those connections.
                }
                console.Line("stopped");
            }
            return ExitCodes.Success;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>Each bidirectional stream the client opens is one request; others are ignored.</summary>
    private static async Task ServeConnectionAsync(QuicConnection connection, HqFileServer server, IMaterializer materializer,
        CancellationToken cancellationToken)
    {
        try
        {
            await connection.IncomingStreams.RunForeach(stream =>
            {
                if (stream.IsBidirectional) _ = server.HandleAsync(new QuicHqStream(stream), cancellationToken);
            }, materializer).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection ended abruptly; its streams' handlers log their own outcome.
        }
    }
}
