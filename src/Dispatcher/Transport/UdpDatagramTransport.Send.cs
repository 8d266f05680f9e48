using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Dispatcher.Transport;

public sealed partial class UdpDatagramTransport
{
    // Linux UDP GSO (FACTS.md): setsockopt(SOL_UDP, UDP_SEGMENT, int) makes the kernel split one
    // large send into datagrams of that size; a send no longer than the size goes out unsplit.
    private const int SolUdp = 17;
    private const int UdpSegment = 103;

    /// <summary>UDP_MAX_SEGMENTS of older Linux kernels (newer ones allow 128).</summary>
    public const int MaxSegmentsPerBatch = 64;

    /// <summary>Largest payload of one send over IPv4 (65,535 − 20 − 8); a GSO send is bounded by it too.</summary>
    private const int MaxSendLength = 65_507;

    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _sendAddresses = new();
    private int _sendAddressCount;

    // GSO state. UDP_SEGMENT is per socket, so once a batch has set it, plain sends longer than
    // the segment size would be split: from then on every send takes _gsoLock. Sockets that
    // never batch keep the lock-free path.
    private readonly Lock _gsoLock = new();
    private volatile bool _gsoUsed;
    private bool _gsoUnsupported;
    private int _gsoSegmentSize;

    /// <summary>
    /// Sends one datagram. Thread-safe. May wait briefly for SO_SNDBUF space, never for the
    /// network. Returns false (and counts a send failure) when the kernel refused it, the address
    /// family cannot be reached from this socket, or the transport is disposed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="remote"/> is not an <see cref="IPEndPoint"/> (no DNS on the hot path).</exception>
    public bool Send(ReadOnlySpan<byte> datagram, EndPoint remote)
    {
        SocketAddress? address = ResolveSendAddress(remote);
        if (address is null)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }
        if (!_gsoUsed)
            return SendCore(datagram, address, 1);
        lock (_gsoLock)
        {
            if (_gsoSegmentSize != 0 && datagram.Length > _gsoSegmentSize && !TrySetSegmentSize(0))
                return FailSend(null);
            return SendCore(datagram, address, 1);
        }
    }

    /// <summary>
    /// Sends <paramref name="segments"/>, a run of datagrams of <paramref name="segmentSize"/>
    /// bytes each (the last may be shorter), to one remote, with as few system calls as Linux
    /// UDP GSO allows (up to <see cref="MaxSegmentsPerBatch"/> per call). Where GSO is
    /// unavailable it sends them one by one. Thread-safe.
    /// </summary>
    /// <returns>How many datagrams the kernel accepted.</returns>
    public int SendBatch(ReadOnlySpan<byte> segments, int segmentSize, EndPoint remote)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentSize, MaxSendLength);
        if (segments.IsEmpty)
            return 0;
        if (segments.Length <= segmentSize)
            return Send(segments, remote) ? 1 : 0;
        SocketAddress? address = ResolveSendAddress(remote);
        if (address is null)
        {
            Interlocked.Increment(ref _sendFailures);
            return 0;
        }
        int perCall = Math.Min(MaxSegmentsPerBatch, MaxSendLength / segmentSize);
        int sent = 0;
        lock (_gsoLock)
        {
            _gsoUsed = true;
            if (perCall > 1 && !_gsoUnsupported && (_gsoSegmentSize == segmentSize || TrySetSegmentSize(segmentSize)))
            {
                while (!segments.IsEmpty)
                {
                    int chunk = Math.Min(segments.Length, perCall * segmentSize);
                    int count = (chunk + segmentSize - 1) / segmentSize;
                    if (!SendCore(segments[..chunk], address, count))
                        break;
                    sent += count;
                    segments = segments[chunk..];
                }
                return sent;
            }
            // No GSO here: plain sends of at most segmentSize are never split, whatever is set.
            while (!segments.IsEmpty)
            {
                int chunk = Math.Min(segments.Length, segmentSize);
                if (SendCore(segments[..chunk], address, 1))
                    sent++;
                segments = segments[chunk..];
            }
            return sent;
        }
    }

    /// <summary>True once a batch was sent with UDP GSO; false if the platform refused it.</summary>
    public bool IsGsoActive => _gsoUsed && !_gsoUnsupported;

    private bool SendCore(ReadOnlySpan<byte> datagram, SocketAddress address, int datagrams)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, address);
            Interlocked.Add(ref _datagramsSent, datagrams);
            return true;
        }
        catch (SocketException e)
        {
            return FailSend(e);
        }
        catch (ObjectDisposedException)
        {
            return FailSend(null);
        }
    }

    private bool FailSend(Exception? e)
    {
        Interlocked.Increment(ref _sendFailures);
        if (e is not null && !_disposed)
            ReportError(e);
        return false;
    }

    /// <summary>Sets UDP_SEGMENT under <see cref="_gsoLock"/>; on failure marks GSO unsupported.</summary>
    private bool TrySetSegmentSize(int size)
    {
        if (!OperatingSystem.IsLinux())
        {
            _gsoUnsupported = true;
            return size == 0;
        }
        Span<byte> value = stackalloc byte[4];
        // A 4-byte int in host order; a 2-byte value gives EINVAL (FACTS.md).
        BinaryPrimitives.WriteInt32LittleEndian(value, size);
        if (!BitConverter.IsLittleEndian)
            BinaryPrimitives.WriteInt32BigEndian(value, size);
        try
        {
            _socket.SetRawSocketOption(SolUdp, UdpSegment, value);
            _gsoSegmentSize = size;
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _gsoUnsupported = true;
            return false;
        }
    }

    /// <summary>
    /// The serialized form of <paramref name="remote"/> for this socket, cached per remote so a
    /// send allocates nothing; IPv4 remotes of a dual-mode socket become IPv4-mapped IPv6.
    /// </summary>
    private SocketAddress? ResolveSendAddress(EndPoint remote)
    {
        if (remote is not IPEndPoint ip)
            throw new ArgumentException($"a UDP transport sends to IPEndPoints, not {remote?.GetType().Name ?? "null"}", nameof(remote));
        if (_sendAddresses.TryGetValue(ip, out SocketAddress? cached))
            return cached;
        IPAddress target = ip.Address;
        if (_socket.AddressFamily == AddressFamily.InterNetwork)
        {
            if (target.IsIPv4MappedToIPv6)
                target = target.MapToIPv4();
            else if (target.AddressFamily != AddressFamily.InterNetwork)
                return null;
        }
        else if (target.AddressFamily == AddressFamily.InterNetwork)
        {
            if (!_dualMode)
                return null;
            target = target.MapToIPv6();
        }
        SocketAddress address = new IPEndPoint(target, ip.Port).Serialize();
        if (Interlocked.Increment(ref _sendAddressCount) > _options.EndPointCacheCapacity)
        {
            _sendAddresses.Clear();
            Volatile.Write(ref _sendAddressCount, 1);
        }
        // Key on a copy: callers own (and could mutate) the IPEndPoint they passed.
        _sendAddresses.TryAdd(new IPEndPoint(ip.Address, ip.Port), address);
        return address;
    }
}
