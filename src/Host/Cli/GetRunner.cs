using System.Net.Security;
using ActorQuic.Host.Hq;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Wire;
using ActorQuic.Streams;
using Akka.Streams;

namespace ActorQuic.Host.Cli;

/// <summary>
/// <c>get</c>: one connection per host:port, one bidirectional stream per URL, all concurrently
/// (h3 requests, or hq-interop <c>GET /path</c> lines, by the negotiated ALPN).
/// Prints <c>saved URL -&gt; FILE (N bytes)</c> per completed URL; a failed URL is one error line.
/// Exit 0 only when every URL completed.
/// </summary>
internal static partial class GetRunner
{
    public static async Task<int> RunAsync(GetSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var session = settings.SessionFile is { } sessionPath ? new SessionState(sessionPath, SessionFile.Load(sessionPath)) : null;
        var system = HostActorSystem.Create();
        try
        {
            var materializer = system.Materializer();
            var endpointOptions = new QuicEndpointOptions
            {
                // Clients use the first version (RFC 9000 §6: a server may still answer with VN).
                Versions = settings.QuicVersion == 2 ? [QuicVersion.V2, QuicVersion.V1] : [QuicVersion.V1, QuicVersion.V2],
            };
            int failures = 0;
            var groups = settings.Targets.GroupBy(t => t.Authority).ToList();
            await using var progress = DownloadProgressDisplay.Create(console, settings.Targets);
            var runs = new List<Task<int>>();
            foreach (var group in groups)
            {
                var first = group.First();
                var remote = await first.ResolveAsync(cancellationToken).ConfigureAwait(false);
                // One socket per connection, on the remote's address family.
                endpointOptions.LocalEndPoint = new System.Net.IPEndPoint(
                    remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                        ? System.Net.IPAddress.IPv6Any : System.Net.IPAddress.Any, 0);
                var endpoint = QuicEndpoint.Bind(system, endpointOptions);
                runs.Add(FetchGroupAsync(endpoint, remote, ClientOptions(settings, first, session), [.. group], settings, progress,
                    materializer, console, cancellationToken));
            }
            foreach (int failed in await Task.WhenAll(runs).ConfigureAwait(false)) failures += failed;
            session?.SaveLatest(console);
            return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counted in packets we send: a downloading client sends about one ACK per ten or more packets it
    /// receives, so 1,000 would mean no update at all in a transfer below ~20 MB. 16 updates as often
    /// as RFC 9001 §6.1 allows (after the previous phase was acknowledged) in any transfer.
    /// </summary>
    private const ulong KeyUpdateInterval = 16;

    private static QuicClientOptions ClientOptions(GetSettings settings, DownloadTarget target, SessionState? session)
    {
        var options = new QuicClientOptions
        {
            ApplicationProtocols = [new SslApplicationProtocol(settings.Alpn)],
            Insecure = settings.Insecure,
            // An IP literal is checked against the certificate's IP SANs; a name is sent as SNI.
            ServerName = System.Net.IPAddress.TryParse(target.Host, out _) ? null : target.Host,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            // RFC 9001 §6: update the 1-RTT keys every KeyUpdateInterval packets sent.
            KeyUpdateAfterPackets = settings.KeyUpdate ? KeyUpdateInterval : null,
            QlogDirectory = settings.QlogDir,
        };
        if (settings.TrustedCaPem is { } ca) options.TrustedCaPems.Add(ca);
        if (session is not null)
        {
            // TLS offers the ticket only to the server it came from (same name or address, RFC 9846 §4.6.1).
            options.SessionTicket = session.Stored;
            options.EnableEarlyData = settings.ZeroRtt;
            // The requests are built right after ConnectAsync returns; the ClientHello waits for the first
            // one (a cold process needs a few hundred ms for that) so it leaves in 0-RTT, not after the handshake.
            if (settings.ZeroRtt) options.EarlyDataHold = TimeSpan.FromSeconds(2);
            options.SessionTicketReceived = session.OnTicket;
        }
        if (settings.Cipher is { } cipher)
        {
            options.CipherSuites = [cipher switch
            {
                "aes128gcm" => CipherSuite.Aes128GcmSha256,
                "aes256gcm" => CipherSuite.Aes256GcmSha384,
                _ => CipherSuite.ChaCha20Poly1305Sha256,
            }];
        }
        return options;
    }

    /// <summary>Returns the number of URLs of this group that did not complete.</summary>
    private static async Task<int> FetchGroupAsync(QuicEndpoint endpoint, System.Net.IPEndPoint remote, QuicClientOptions options,
        DownloadTarget[] targets, GetSettings settings, DownloadProgressDisplay progress, IMaterializer materializer,
        HostConsole console, CancellationToken cancellationToken)
    {
        await using (endpoint.ConfigureAwait(false))
        {
            QuicConnection connection;
            try
            {
                // Bounded here too: a connect that never reports must not hang the command.
                connection = await endpoint.ConnectAsync(remote, options, cancellationToken)
                    .WaitAsync(options.HandshakeTimeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                console.Error($"cannot connect to {targets[0].Authority}: {HostText.OneLine(e.Message)}");
                foreach (var t in targets) progress.For(t).Finished(false);
                return targets.Length;
            }
            await using (connection.ConfigureAwait(false))
            {
                if (options.EnableEarlyData && options.SessionTicket is not null) _ = ReportZeroRttAsync(connection, targets[0], console);
                if (connection.NegotiatedApplicationProtocol.ToString() == Commands.H3)
                {
                    return await FetchAllH3Async(connection, targets, settings, progress, materializer, console, cancellationToken)
                        .ConfigureAwait(false);
                }
                var results = await Task.WhenAll(targets.Select(t => FetchOneAsync(connection, t, settings, progress, materializer,
                    console, cancellationToken))).ConfigureAwait(false);
                await connection.CloseAsync(0).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
                    .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                return results.Count(ok => !ok);
            }
        }
    }

    /// <summary>
    /// One line once the 0-RTT outcome is known: accepted (the requests were answered as sent), or not —
    /// rejected, or the ticket was not usable — in which case the requests went after the handshake.
    /// </summary>
    private static async Task ReportZeroRttAsync(QuicConnection connection, DownloadTarget target, HostConsole console)
    {
        if (await connection.ZeroRttAccepted.ConfigureAwait(false))
        {
            console.Line($"0-RTT accepted by {target.Authority}");
            return;
        }
        // A rejection is known at the server's EncryptedExtensions, before the handshake completes.
        try
        {
            await connection.HandshakeCompleted.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return; // the connection failed: the URLs report that
        }
        console.Line($"0-RTT not accepted by {target.Authority}: the requests went after the handshake");
    }

    private static async Task<bool> FetchOneAsync(QuicConnection connection, DownloadTarget target, GetSettings settings,
        DownloadProgressDisplay progress, IMaterializer materializer, HostConsole console, CancellationToken cancellationToken)
    {
        string output = Path.Combine(settings.OutputDir, target.FileName);
        try
        {
            var stream = await connection.OpenBidirectionalStreamAsync(cancellationToken).ConfigureAwait(false);
            long bytes = await HqDownloader.DownloadAsync(new QuicHqStream(stream), target.RequestPath, output,
                progress.For(target), materializer, cancellationToken).ConfigureAwait(false);
            console.Line($"saved {target.Url} -> {output} ({bytes} bytes)");
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            console.Error($"{target.Url}: {HostText.OneLine(e.GetBaseException().Message)}");
            return false;
        }
    }
}
