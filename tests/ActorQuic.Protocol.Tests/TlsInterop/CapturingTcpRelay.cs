using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Accepts one loopback connection and relays it to a loopback port, keeping a copy of the bytes
/// each way — a wire tap for checking the record layer against two OpenSSL processes.
/// </summary>
public sealed class CapturingTcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly MemoryStream _clientToServer = new();
    private readonly MemoryStream _serverToClient = new();
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    public CapturingTcpRelay(int targetPort)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _run = RunAsync(targetPort, _stop.Token);
    }

    public int Port { get; }

    public byte[] ClientToServer
    {
        get { lock (_clientToServer) return _clientToServer.ToArray(); }
    }

    public byte[] ServerToClient
    {
        get { lock (_serverToClient) return _serverToClient.ToArray(); }
    }

    /// <summary>Completes when both directions have ended.</summary>
    public Task Completion => _run;

    private async Task RunAsync(int targetPort, CancellationToken cancel)
    {
        using TcpClient client = await _listener.AcceptTcpClientAsync(cancel);
        using var server = new TcpClient();
        await server.ConnectAsync(IPAddress.Loopback, targetPort, cancel);
        await Task.WhenAll(
            PumpAsync(client.Client, server.Client, _clientToServer, cancel),
            PumpAsync(server.Client, client.Client, _serverToClient, cancel));
    }

    private static async Task PumpAsync(Socket from, Socket to, MemoryStream copy, CancellationToken cancel)
    {
        var buffer = new byte[16384];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, cancel)) > 0)
            {
                lock (copy)
                    copy.Write(buffer, 0, n);
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancel);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // A reset on either side ends the relay; the capture so far stays.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or TimeoutException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }
}
