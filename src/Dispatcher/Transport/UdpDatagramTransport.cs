using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>
/// <see cref="IDatagramTransport"/> over one real UDP socket (IPv4, IPv6 or dual-stack).
/// Receiving runs in one loop (a dedicated thread by default, see <see cref="UdpReceiveMode"/>)
/// that reuses one buffer and one <see cref="SocketAddress"/>, so a datagram costs no
/// allocation; the sink gets one stable <see cref="IPEndPoint"/> object per remote.
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="IDatagramSink.OnDatagram"/> is called on the receive loop, one
/// datagram at a time, never concurrently. A slow sink stalls the loop and the kernel drops what
/// overflows SO_RCVBUF, so a sink should only hand the bytes on (copy to a pooled buffer, Tell).
/// <see cref="Send"/> and <see cref="SendBatch"/> may be called from any number of threads.</para>
/// <para>Errors: socket errors on receive (e.g. ECONNREFUSED from an ICMP port unreachable
/// for an earlier send — Windows always reports these, Linux only on connected sockets or with
/// IP_RECVERR) and exceptions thrown by the sink are counted and
/// reported to <see cref="UdpTransportOptions.OnError"/>; the loop carries on. Only
/// <see cref="Dispose"/> ends it.</para>
/// </remarks>
public sealed partial class UdpDatagramTransport : IDatagramTransport
{
    private readonly Socket _socket;
    private readonly UdpTransportOptions _options;
    private readonly IPEndPoint _localEndPoint;
    private readonly bool _dualMode;
    private readonly Action<Exception>? _onError;
    private IDatagramSink? _sink;
    private volatile bool _disposed;
    private int _disposeState;

    // Receive-side counters have one writer (the receive loop); send-side ones use Interlocked.
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _receiveErrors;
    private long _sinkErrors;
    private long _datagramsSent;
    private long _sendFailures;

    /// <summary>Binds a socket as <paramref name="options"/> say. Receiving starts with <see cref="Start"/>.</summary>
    /// <exception cref="SocketException">The address cannot be bound (in use, not local).</exception>
    public UdpDatagramTransport(UdpTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _onError = options.OnError;
        IPEndPoint local = options.LocalEndPoint;
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // Must precede Bind; false sets IPV6_V6ONLY so an IPv6 socket stays IPv6-only.
                _socket.DualMode = options.DualMode;
                _dualMode = options.DualMode;
            }
            _socket.ReceiveBufferSize = options.ReceiveBufferSize;
            _socket.SendBufferSize = options.SendBufferSize;
            if (OperatingSystem.IsWindows())
            {
                // SIO_UDP_CONNRESET off: otherwise Windows fails the next receive after an
                // ICMP port unreachable (Linux reports it once, which the loop tolerates).
                const int SioUdpConnReset = unchecked((int)0x9800000C);
                _socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }
            _socket.Bind(local);
            _localEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferLength, pinned: true);
        _receiveAddress = new SocketAddress(_socket.AddressFamily);
        _endPoints = new ReceivedEndPointCache(options.EndPointCacheCapacity);
    }

    /// <summary>Binds <paramref name="localEndPoint"/> with default options.</summary>
    public static UdpDatagramTransport Bind(IPEndPoint localEndPoint, bool dualMode = false) =>
        new(new UdpTransportOptions { LocalEndPoint = localEndPoint, DualMode = dualMode });

    /// <summary>The bound address, with the port the OS picked when 0 was asked for.</summary>
    public EndPoint LocalEndPoint => _localEndPoint;

    /// <inheritdoc />
    public bool SignalsReceiveIdle => true;

    /// <summary>The bound address as an <see cref="IPEndPoint"/>.</summary>
    public IPEndPoint LocalIPEndPoint => _localEndPoint;

    public UdpReceiveMode ReceiveMode => _options.ReceiveMode;

    /// <summary>The socket itself, for tests that need a socket option the options do not expose.</summary>
    internal Socket Socket => _socket;

    /// <summary>SO_RCVBUF as the kernel reports it (Linux doubles the requested value, capped by rmem_max).</summary>
    public int ActualReceiveBufferSize => _socket.ReceiveBufferSize;

    /// <summary>Datagrams handed to the sink.</summary>
    public long DatagramsReceived => Volatile.Read(ref _datagramsReceived);

    /// <summary>Payload bytes handed to the sink.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Receive calls that failed and were survived (ICMP errors, unknown source family, ...).</summary>
    public long ReceiveErrors => Volatile.Read(ref _receiveErrors);

    /// <summary>Exceptions the sink threw; each was caught and the loop went on.</summary>
    public long SinkErrors => Volatile.Read(ref _sinkErrors);

    /// <summary>Datagrams the kernel accepted for sending (a GSO batch counts each segment).</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Send calls that failed: socket error, unreachable family, or transport disposed.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Starts the receive loop that feeds <paramref name="sink"/>. Call once.</summary>
    public void Start(IDatagramSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
            throw new InvalidOperationException("the transport was already started");
        StartReceiveLoop();
    }

    /// <summary>
    /// Closes the socket, which aborts the pending receive, and waits (up to 5 s) for the loop to
    /// end unless called from the sink itself. Concurrent and later sends return false.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeState, 1) != 0)
            return;
        _disposed = true;
        _socket.Dispose();
        WaitForReceiveLoop(TimeSpan.FromSeconds(5));
    }

    public override string ToString() => $"udp://{_localEndPoint}";

    private void ReportError(Exception e)
    {
        try
        {
            _onError?.Invoke(e);
        }
        catch
        {
            // A logging callback must not take the transport down.
        }
    }
}
