using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>
/// Maps the raw source address of a received datagram to one stable <see cref="IPEndPoint"/>
/// per remote, so the receive loop hands sinks the same object every time without allocating.
/// Single-threaded: only the receive loop uses it. Bounded: a full cache is cleared.
/// </summary>
/// <remarks>
/// Keys are compared on family, port, address and IPv6 scope only, not on the raw buffer:
/// sin6_flowinfo and sin_zero carry nothing that identifies a peer.
/// </remarks>
internal sealed class ReceivedEndPointCache
{
    private readonly Dictionary<SocketAddress, IPEndPoint> _map;
    private readonly int _capacity;

    public ReceivedEndPointCache(int capacity)
    {
        _capacity = capacity;
        _map = new Dictionary<SocketAddress, IPEndPoint>(Math.Min(capacity, 256), SocketAddressIdentityComparer.Instance);
    }

    public int Count => _map.Count;

    /// <summary>Number of times the cache was full and had to be cleared.</summary>
    public long Evictions { get; private set; }

    /// <summary>The endpoint for <paramref name="received"/>; allocates only on a miss. Null for an unknown family.</summary>
    public IPEndPoint? Get(SocketAddress received)
    {
        if (_map.TryGetValue(received, out IPEndPoint? endPoint))
            return endPoint;
        endPoint = ToIPEndPoint(received);
        if (endPoint is null)
            return null;
        if (_map.Count >= _capacity)
        {
            _map.Clear();
            Evictions++;
        }
        // The receive loop reuses its SocketAddress, so the key must be a copy.
        var key = new SocketAddress(received.Family, received.Size);
        received.Buffer.Span.CopyTo(key.Buffer.Span);
        _map[key] = endPoint;
        return endPoint;
    }

    /// <summary>
    /// Decodes sockaddr_in / sockaddr_in6 (port and address sit at the same offsets on Linux,
    /// Windows and macOS). IPv4-mapped IPv6 sources of a dual-mode socket become plain IPv4.
    /// </summary>
    internal static IPEndPoint? ToIPEndPoint(SocketAddress address)
    {
        ReadOnlySpan<byte> raw = address.Buffer.Span;
        switch (address.Family)
        {
            case AddressFamily.InterNetwork when raw.Length >= 8:
                return new IPEndPoint(new IPAddress(raw.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(raw[2..]));
            case AddressFamily.InterNetworkV6 when raw.Length >= 28:
            {
                var ip = new IPAddress(raw.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(raw[24..]));
                if (ip.IsIPv4MappedToIPv6)
                    ip = ip.MapToIPv4();
                return new IPEndPoint(ip, BinaryPrimitives.ReadUInt16BigEndian(raw[2..]));
            }
            default:
                return null;
        }
    }
}
