using System.Net;
using System.Net.Sockets;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>Our server role on a loopback port: accepts connections one at a time and runs the engine's handshake on each.</summary>
public sealed class LoopbackTlsServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public LoopbackTlsServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Accepts one connection and completes the handshake with a new engine from <paramref name="options"/>.</summary>
    public async Task<TlsOverTcp> AcceptAsync(TlsServerOptions options, CancellationToken cancel)
    {
        TcpClient tcp = await _listener.AcceptTcpClientAsync(cancel);
        return await TlsOverTcp.HandshakeAsync(new TlsServer(options), tcp.GetStream(), cancel);
    }

    public void Dispose() => _listener.Stop();
}
