using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Dispatcher.Transport;

public sealed partial class UdpDatagramTransport
{
    /// <summary>Room for the largest UDP payload, so nothing is ever truncated.</summary>
    private const int ReceiveBufferLength = 65_536;

    /// <summary>After this many failed receives in a row the loop sleeps 1 ms between tries, so a persistent error cannot spin a core.</summary>
    private const int ErrorBurstBeforeBackoff = 64;

    private readonly byte[] _receiveBuffer;
    private readonly SocketAddress _receiveAddress;
    private readonly ReceivedEndPointCache _endPoints;
    private Thread? _receiveThread;
    private Task? _receiveTask;
    private int _consecutiveErrors;

    /// <summary>True while the receive loop has not ended (for tests and diagnostics).</summary>
    internal bool IsReceiveLoopRunning =>
        (_receiveThread?.IsAlive ?? false) || (_receiveTask is { IsCompleted: false });

    private void StartReceiveLoop()
    {
        if (_options.ReceiveMode == UdpReceiveMode.SyncThread)
        {
            _receiveThread = new Thread(RunSyncLoop)
            {
                IsBackground = true,
                Name = $"udp-receive {_localEndPoint}",
            };
            _receiveThread.Start();
        }
        else
        {
            _receiveTask = Task.Run(RunAsyncLoop);
        }
    }

    private void RunSyncLoop()
    {
        byte[] buffer = _receiveBuffer;
        SocketAddress from = _receiveAddress;
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                    break;
                OnReceiveError(e);
                SignalIdleIfDrained();
                continue;
            }
            Deliver(new ReadOnlySpan<byte>(buffer, 0, length), from);
            SignalIdleIfDrained();
        }
    }

    private async Task RunAsyncLoop()
    {
        Memory<byte> buffer = _receiveBuffer;
        SocketAddress from = _receiveAddress;
        while (!_disposed)
        {
            int length;
            try
            {
                // No CancellationToken: closing the socket aborts the pending receive, and a
                // token would cost a registration per call.
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                    break;
                OnReceiveError(e);
                SignalIdleIfDrained();
                continue;
            }
            Deliver(buffer.Span[..length], from);
            SignalIdleIfDrained();
        }
    }

    /// <summary>
    /// Tells the sink when nothing more is waiting, so it can pass on what it holds as one batch
    /// (the datagrams of one burst then cost the actors one message instead of one each). One
    /// FIONREAD ioctl per datagram; after a dropped datagram too, so nothing stays held.
    /// </summary>
    private void SignalIdleIfDrained()
    {
        int waiting;
        try
        {
            waiting = _socket.Available;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            waiting = 0;
        }
        if (waiting > 0)
            return;
        try
        {
            _sink!.OnReceiveIdle();
        }
        catch (Exception e)
        {
            _sinkErrors++;
            ReportError(e);
        }
    }

    private void Deliver(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        _consecutiveErrors = 0;
        IPEndPoint? remote = _endPoints.Get(from);
        if (remote is null)
        {
            _receiveErrors++;
            return;
        }
        _datagramsReceived++;
        _bytesReceived += datagram.Length;
        t_delivering = this;
        try
        {
            _sink!.OnDatagram(datagram, remote);
        }
        catch (Exception e)
        {
            _sinkErrors++;
            ReportError(e);
        }
        finally
        {
            t_delivering = null;
        }
    }

    private void OnReceiveError(Exception e)
    {
        _receiveErrors++;
        ReportError(e);
        if (++_consecutiveErrors > ErrorBurstBeforeBackoff)
            Thread.Sleep(1);
    }

    private void WaitForReceiveLoop(TimeSpan timeout)
    {
        Thread? thread = _receiveThread;
        if (thread is not null && thread != Thread.CurrentThread)
            thread.Join(timeout);
        Task? task = _receiveTask;
        // From inside the sink (async mode) the loop cannot finish until we return.
        if (task is not null && !ReferenceEquals(t_delivering, this))
        {
            try
            {
                task.Wait(timeout);
            }
            catch (AggregateException)
            {
                // The loop catches socket errors itself; anything else already ended it.
            }
        }
    }

    /// <summary>Set while a sink runs, so Dispose called from the sink does not wait for its own loop.</summary>
    [ThreadStatic]
    private static UdpDatagramTransport? t_delivering;
}
