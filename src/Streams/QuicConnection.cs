using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using ActorQuic.ConnectionActors;
using ActorQuic.Protocol.Connection;
using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams;

/// <summary>
/// An established QUIC connection (client or server side). Streams come as
/// <see cref="QuicStream"/>s, datagrams through <see cref="Datagrams"/>; <see cref="Closed"/>
/// completes when the connection ended, for whatever reason.
/// </summary>
public sealed class QuicConnection : IAsyncDisposable
{
    private readonly Channel<QuicStream> _incomingStreams =
        Channel.CreateUnbounded<QuicStream>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TaskCompletionSource<QuicCloseInfo> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _zeroRttAccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _handshakeCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal QuicConnection(IActorRef connectionActor, bool isServer, EndPoint localEndPoint, IPEndPoint remoteEndPoint,
        QuicStreamSettings streamSettings, long defaultCloseErrorCode, int datagramBufferCapacity)
    {
        ConnectionActor = connectionActor;
        IsServer = isServer;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
        StreamSettings = streamSettings;
        DefaultCloseErrorCode = defaultCloseErrorCode;
        Datagrams = new QuicDatagrams(connectionActor, datagramBufferCapacity);
    }

    /// <summary>This side accepted the connection (it was opened by the peer).</summary>
    public bool IsServer { get; }

    public EndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; internal set; }

    /// <summary>The ALPN protocol both sides agreed on (RFC 9001 §8.1).</summary>
    public SslApplicationProtocol NegotiatedApplicationProtocol { get; internal set; }

    /// <summary>The peer's chain as it sent it, leaf first; empty when a client sent no certificate.</summary>
    public IReadOnlyList<X509Certificate2> RemoteCertificateChain { get; internal set; } = [];

    /// <summary>The peer's leaf certificate, if it sent one.</summary>
    public X509Certificate2? RemoteCertificate => RemoteCertificateChain.Count > 0 ? RemoteCertificateChain[0] : null;

    /// <summary>Streams the peer opens, as it opens them (RFC 9000 §2.1); completes when the connection ends.</summary>
    public Source<QuicStream, NotUsed> IncomingStreams => ChannelSource.FromReader(_incomingStreams.Reader);

    public QuicDatagrams Datagrams { get; }

    /// <summary>
    /// Whether this connection's 0-RTT data was accepted (RFC 9001 §4.6.2): at a client that connected
    /// with <see cref="QuicClientOptions.EnableEarlyData"/>, once the server answered; at a server, whether
    /// it accepted the client's early data. False when 0-RTT was not attempted, or the connection ended first.
    /// </summary>
    public Task<bool> ZeroRttAccepted => _zeroRttAccepted.Task;

    /// <summary>
    /// Completes when the handshake completed. Already complete when ConnectAsync returns, except for
    /// a 0-RTT connection, which is handed out before (the peer certificates and the final ALPN are known
    /// from then on). Fails when the connection ends before.
    /// </summary>
    public Task HandshakeCompleted => _handshakeCompleted.Task;

    /// <summary>Completes (never fails) when the connection ended: closed by either side, idle, or reset.</summary>
    public Task<QuicCloseInfo> Closed => _closed.Task;

    internal IActorRef ConnectionActor { get; }

    internal QuicStreamSettings StreamSettings { get; }

    internal long DefaultCloseErrorCode { get; }

    /// <summary>Opens a bidirectional stream; waits while the peer's MAX_STREAMS is used up (RFC 9000 §4.6).</summary>
    public Task<QuicStream> OpenBidirectionalStreamAsync(CancellationToken cancellationToken = default) =>
        OpenStreamAsync(true, cancellationToken);

    /// <summary>Opens a unidirectional (send-only) stream; waits while the peer's MAX_STREAMS is used up.</summary>
    public Task<QuicStream> OpenUnidirectionalStreamAsync(CancellationToken cancellationToken = default) =>
        OpenStreamAsync(false, cancellationToken);

    /// <summary>
    /// Closes the connection with an application error code (CONNECTION_CLOSE 0x1d, RFC 9000 §10.2)
    /// and waits until it ended. Closing an ended connection returns its close information.
    /// </summary>
    public Task<QuicCloseInfo> CloseAsync(long errorCode, string reason = "")
    {
        if (errorCode < 0 || (ulong)errorCode > ActorQuic.Protocol.Wire.QuicVarint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(errorCode), errorCode, "an application error code is a varint (0..2^62-1)");
        ArgumentNullException.ThrowIfNull(reason);
        if (!_closed.Task.IsCompleted) ConnectionActor.Tell(new CloseConnection((ulong)errorCode, reason), ActorRefs.NoSender);
        return _closed.Task;
    }

    /// <summary>Closes with the default close error code unless already closed.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync(DefaultCloseErrorCode).ConfigureAwait(false);

    public override string ToString() => $"QuicConnection({(IsServer ? "server" : "client")}, {LocalEndPoint} <-> {RemoteEndPoint})";

    private async Task<QuicStream> OpenStreamAsync(bool bidirectional, CancellationToken cancellationToken)
    {
        if (_closed.Task.IsCompleted) throw ClosedException();
        var ask = ConnectionActor.Ask<object>(new OpenStream(bidirectional), cancellationToken);
        // The connection may stop without answering; its end answers for it.
        if (await Task.WhenAny(ask, _closed.Task).ConfigureAwait(false) != ask) throw ClosedException();
        return await ask.ConfigureAwait(false) switch
        {
            StreamOpened opened => new QuicStream(this, opened.StreamId),
            StreamOpenFailed failed => throw (_closed.Task.IsCompleted ? ClosedException() : QuicErrors.ConnectionGone(failed.Reason)),
            var other => throw new InvalidOperationException($"unexpected answer to OpenStream: {other}"),
        };
    }

    /// <summary>The error for an operation on an ended connection.</summary>
    internal Exception ClosedException() =>
        _closed.Task.IsCompletedSuccessfully
            ? QuicErrors.FromClose(_closed.Task.Result)
            : QuicErrors.ConnectionGone("The QUIC connection actor stopped.");

    internal void OnStreamAccepted(ulong streamId) => _incomingStreams.Writer.TryWrite(new QuicStream(this, streamId));

    internal void OnEarlyDataDecided(bool accepted) => _zeroRttAccepted.TrySetResult(accepted);

    internal void OnHandshakeCompleted()
    {
        _zeroRttAccepted.TrySetResult(false); // no decision came: 0-RTT was not attempted
        _handshakeCompleted.TrySetResult();
    }

    internal void OnClosed(CloseInfo? info)
    {
        var close = info is null
            ? new QuicCloseInfo(CloseSource.Local, false, 0, "the connection actor stopped")
            : QuicCloseInfo.From(info);
        _zeroRttAccepted.TrySetResult(false);
        if (!_handshakeCompleted.Task.IsCompleted)
        {
            _handshakeCompleted.TrySetException(info is null
                ? QuicErrors.ConnectionGone("The connection stopped during the handshake.")
                : QuicErrors.FromClose(info, handshakeCompleted: false));
            _ = _handshakeCompleted.Task.Exception; // observed: nobody need await it
        }
        _closed.TrySetResult(close);
        _incomingStreams.Writer.TryComplete();
        Datagrams.Complete();
    }
}
