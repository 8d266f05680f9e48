using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>Settings for <see cref="UdpDatagramTransport"/>. Defaults suit a QUIC endpoint on Linux.</summary>
public sealed class UdpTransportOptions
{
    /// <summary>4 MiB: Linux caps SO_RCVBUF at rmem_max (4 MiB on this machine) and doubles it internally.</summary>
    public const int DefaultSocketBufferSize = 4 * 1024 * 1024;

    /// <summary>Largest UDP payload over IPv6 (65,535 − 8-byte UDP header); IPv4 allows 65,507.</summary>
    public const int MaxUdpPayload = 65_527;

    /// <summary>Address to bind; port 0 picks a free one. Defaults to 127.0.0.1:0.</summary>
    public IPEndPoint LocalEndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// When <see cref="LocalEndPoint"/> is IPv6, also accept and send IPv4 (IPV6_V6ONLY off).
    /// Sinks then see IPv4 peers as plain IPv4 endpoints, not as IPv4-mapped IPv6.
    /// </summary>
    public bool DualMode { get; set; }

    /// <summary>SO_RCVBUF. The default of ~208 KiB lost 29 % of a 1,200-byte burst here (FACTS.md).</summary>
    public int ReceiveBufferSize { get; set; } = DefaultSocketBufferSize;

    /// <summary>SO_SNDBUF.</summary>
    public int SendBufferSize { get; set; } = DefaultSocketBufferSize;

    public UdpReceiveMode ReceiveMode { get; set; } = UdpReceiveMode.SyncThread;

    /// <summary>
    /// Distinct remote addresses whose <see cref="IPEndPoint"/> (receive side) and serialized
    /// address (send side) are cached; when full the cache is cleared and refilled, so a spoofed
    /// flood of sources costs allocations, never unbounded memory.
    /// </summary>
    public int EndPointCacheCapacity { get; set; } = 4096;

    /// <summary>
    /// Called (on the thread that hit it) for socket errors the transport survives and for
    /// exceptions thrown by the sink. For logging only: it must not throw or block.
    /// </summary>
    public Action<Exception>? OnError { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(LocalEndPoint);
        if (LocalEndPoint.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException("only IPv4 and IPv6 addresses can be bound", nameof(LocalEndPoint));
        if (DualMode && LocalEndPoint.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException("dual mode needs an IPv6 local address (e.g. [::]:port)", nameof(DualMode));
        if (ReceiveBufferSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), ReceiveBufferSize, "must be positive");
        if (SendBufferSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(SendBufferSize), SendBufferSize, "must be positive");
        if (EndPointCacheCapacity < 1)
            throw new ArgumentOutOfRangeException(nameof(EndPointCacheCapacity), EndPointCacheCapacity, "must be at least 1");
        if (!Enum.IsDefined(ReceiveMode))
            throw new ArgumentOutOfRangeException(nameof(ReceiveMode), ReceiveMode, "unknown receive mode");
    }
}
