using System.Net;
using System.Net.Security;
using System.Text;
using ActorQuic.Protocol.Tls;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams.Tests.Loopback;

/// <summary>
/// The hq-interop mapping (the QUIC interop runner's HTTP/0.9 over QUIC, ALPN "hq-interop"): the
/// client opens a bidirectional stream and writes <c>GET /name\r\n</c> then its FIN; the server
/// answers with the body and its FIN. Bodies are <see cref="HqBlob"/>s named by the path; an
/// unknown path gets RESET_STREAM with <see cref="NotFoundCode"/>.
/// </summary>
public sealed class HqInteropServer : IAsyncDisposable
{
    public static readonly SslApplicationProtocol Alpn = new("hq-interop"u8.ToArray());

    /// <summary>The application error code of the reset for an unknown path or a malformed request.</summary>
    public const long NotFoundCode = 0x10;

    /// <summary>The longest request line accepted (the interop runner's paths are short).</summary>
    private const int MaxRequestBytes = 4096;

    private int _accepted;

    private HqInteropServer(QuicEndpoint endpoint, TlsDevelopmentCertificate certificate, IMaterializer materializer)
    {
        Endpoint = endpoint;
        Certificate = certificate;
        Materializer = materializer;
    }

    public QuicEndpoint Endpoint { get; }

    public TlsDevelopmentCertificate Certificate { get; }

    public IMaterializer Materializer { get; }

    public IPEndPoint Address => (IPEndPoint)Endpoint.LocalEndPoint;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Binds a server endpoint on 127.0.0.1, port 0, with a fresh development certificate.</summary>
    public static HqInteropServer Start(ActorSystem system, Action<QuicServerOptions>? configure = null)
    {
        var certificate = TlsDevelopmentCertificate.Create(DateTimeOffset.UtcNow);
        var options = new QuicServerOptions
        {
            CertificateChainPem = certificate.CertificatePem,
            PrivateKeyPem = certificate.PrivateKeyPem,
            ApplicationProtocols = { Alpn },
        };
        configure?.Invoke(options);
        var endpoint = QuicEndpoint.Bind(system, new QuicEndpointOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Server = options,
        });
        var server = new HqInteropServer(endpoint, certificate, system.Materializer());
        endpoint.IncomingConnections.RunForeach(server.Serve, server.Materializer);
        return server;
    }

    /// <summary>Client options that trust this server's certificate.</summary>
    public QuicClientOptions ClientOptions() => new()
    {
        ServerName = "localhost",
        ApplicationProtocols = { Alpn },
        TrustedCaPems = { Certificate.CertificatePem },
        HandshakeTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// The client half: opens a stream, sends the request and its FIN, and folds the answer's
    /// chunks into <paramref name="seed"/> with <paramref name="fold"/> as they arrive.
    /// </summary>
    public static async Task<T> GetAsync<T>(QuicConnection connection, string path, T seed, Func<T, ByteString, T> fold, IMaterializer materializer)
    {
        var stream = await connection.OpenBidirectionalStreamAsync().ConfigureAwait(false);
        var sent = Source.Single(ByteString.FromString($"GET {path}\r\n", Encoding.ASCII)).RunWith(stream.Outgoing, materializer);
        var body = await stream.Incoming.RunAggregate(seed, fold, materializer).ConfigureAwait(false);
        await sent.ConfigureAwait(false);
        return body;
    }

    public ValueTask DisposeAsync() => Endpoint.DisposeAsync();

    private void Serve(QuicConnection connection)
    {
        Interlocked.Increment(ref _accepted);
        connection.IncomingStreams.RunForeach(stream => _ = AnswerAsync(stream), Materializer);
    }

    private async Task AnswerAsync(QuicStream stream)
    {
        if (!stream.CanWrite)
        {
            stream.Abort(QuicAbortDirection.Read, NotFoundCode);
            return;
        }
        string request;
        try
        {
            // The request ends with the client's FIN; bound it so a peer cannot make us buffer without end.
            request = await stream.Incoming
                .LimitWeighted(MaxRequestBytes, bytes => bytes.Count)
                .RunAggregate(new StringBuilder(), (text, bytes) => text.Append(bytes.ToString(Encoding.ASCII)), Materializer)
                .ContinueWith(t => t.Result.ToString(), TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception)
        {
            stream.Abort(QuicAbortDirection.Write, NotFoundCode);
            return;
        }
        var blob = request.StartsWith("GET ", StringComparison.Ordinal) && request.EndsWith("\r\n", StringComparison.Ordinal)
            ? HqBlob.FromPath(request[4..^2])
            : null;
        if (blob is null)
        {
            stream.Abort(QuicAbortDirection.Write, NotFoundCode);
            return;
        }
        try
        {
            await Source.From(blob.Chunks()).RunWith(stream.Outgoing, Materializer).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The client went away mid-answer; nothing to tell anyone.
        }
    }
}
