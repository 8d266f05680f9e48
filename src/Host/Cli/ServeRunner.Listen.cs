using System.Net.Security;
using System.Net.Sockets;
using ActorQuic.Host.Hq;
using ActorQuic.Host.Tls;
using ActorQuic.Http3.FileServer;
using ActorQuic.Http3.Transport;
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
                    // GET and HEAD of static files are safe to replay (RFC 9001 §9.2, RFC 9110 §9.2.2); any
                    // other method is answered 405 and changes nothing, so 0-RTT requests need no further check.
                    EnableEarlyData = true,
                    QlogDirectory = settings.QlogDir,
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
                // Same root (already resolved and confined by FileRequestHandler) and the same access log for h3.
                var h3Server = new Http3FileServer(files.RealRoot, FileServerOptions.Default, console.Line);
                var connections = new List<QuicConnection>();
                var h3Connections = new List<Task<Http3ServerConnection>>();
                var (killSwitch, done) = endpoint.IncomingConnections
                    .ViaMaterialized(KillSwitches.Single<QuicConnection>(), Keep.Right)
                    .ToMaterialized(Sink.ForEach<QuicConnection>(connection =>
                    {
                        lock (connections) connections.Add(connection);
                        _ = connection.Closed.ContinueWith(_ =>
                        {
                            // Ended connections are forgotten: a long-running server must not keep them all.
                            lock (connections)
                            {
                                connections.Remove(connection);
                                h3Connections.RemoveAll(t => t.IsCompleted && (!t.IsCompletedSuccessfully || t.Result.Connection == connection));
                            }
                        }, TaskScheduler.Default);
                        // The server decided on 0-RTT at the ClientHello, before it announced the connection.
                        if (connection.ZeroRttAccepted is { IsCompletedSuccessfully: true, Result: true })
                            console.Line($"{connection.RemoteEndPoint} 0-RTT accepted");
                        if (connection.NegotiatedApplicationProtocol == Http3ServerConnection.Alpn)
                        {
                            var started = h3Server.ServeAsync(connection, materializer);
                            lock (connections) h3Connections.Add(started);
                        }
                        else
                        {
                            _ = ServeConnectionAsync(connection, server, materializer, cancellationToken);
                        }
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
                Task<Http3ServerConnection>[] h3;
                lock (connections)
                {
                    open = [.. connections];
                    h3 = [.. h3Connections];
                }
                try
                {
                    await Task.WhenAll(open.Select(c => CloseAsync(c, h3)))
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

    /// <summary>
    /// An h3 connection gets GOAWAY and a moment for requests in progress (RFC 9114 §5.2) before
    /// H3_NO_ERROR; hq-interop has no such frame, so its connections are closed directly.
    /// </summary>
    private static async Task CloseAsync(QuicConnection connection, Task<Http3ServerConnection>[] h3)
    {
        foreach (var started in h3)
        {
            if (started.IsCompletedSuccessfully && started.Result.Connection == connection)
            {
                if (!started.Result.Closed.IsCompleted) await started.Result.ShutdownAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
                return;
            }
        }
        await connection.CloseAsync(ShutdownErrorCode, "server shutting down").ConfigureAwait(false);
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
