using System.Net;
using System.Net.Sockets;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Streams;

/// <summary>
/// One UDP socket that connects out (<see cref="QuicEndpoint.ConnectAsync"/>) and, with
/// <see cref="Server"/> set, accepts (<see cref="QuicEndpoint.IncomingConnections"/>).
/// </summary>
public sealed class QuicEndpointOptions
{
    /// <summary>Address and port to bind; port 0 picks a free one. Default 127.0.0.1:0.</summary>
    public IPEndPoint LocalEndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>An IPv6 socket that also serves IPv4 (mapped addresses); needs an IPv6 <see cref="LocalEndPoint"/>.</summary>
    public bool DualMode { get; set; }

    /// <summary>The server role; null: client only.</summary>
    public QuicServerOptions? Server { get; set; }

    /// <summary>QUIC versions in preference order (RFC 9000 §15); clients use the first. Default v1, v2 (RFC 9369).</summary>
    public IList<uint> Versions { get; set; } = new List<uint> { QuicVersion.V1, QuicVersion.V2 };

    /// <summary>Most connections at once (both roles).</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Most server handshakes in progress (the Initial-flood guard).</summary>
    public int MaxHandshakesInProgress { get; set; } = 1_000;

    /// <summary>Received DATAGRAM frames a connection buffers for a slow reader before dropping the oldest (RFC 9221 §5).</summary>
    public int DatagramBufferCapacity { get; set; } = 256;

    /// <summary>Tests: a transport to use instead of a UDP socket (e.g. a simulated one); the endpoint takes ownership.</summary>
    internal IDatagramTransport? Transport { get; set; }

    /// <summary>Tests: the source of connection IDs and keys; null: the system's CSPRNG.</summary>
    internal Action<Span<byte>>? Random { get; set; }

    /// <summary>Checks every setting; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (LocalEndPoint is null) throw new ArgumentNullException(nameof(LocalEndPoint));
        if (DualMode && LocalEndPoint.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException("DualMode needs an IPv6 LocalEndPoint (e.g. [::]:port)", nameof(DualMode));
        if (Versions is null || Versions.Count == 0)
            throw new ArgumentException("name at least one QUIC version", nameof(Versions));
        foreach (uint version in Versions)
        {
            if (version is not (QuicVersion.V1 or QuicVersion.V2))
                throw new ArgumentException($"unsupported QUIC version 0x{version:x8} (v1 and v2 are)", nameof(Versions));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnections);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxHandshakesInProgress);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DatagramBufferCapacity);
        Server?.Validate();
    }
}
