using System.Net;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>
/// What the dispatcher needs from the network: send a datagram to an address, and have
/// received datagrams delivered. Implemented by a real UDP socket and by the in-process
/// network simulator, so every layer above runs unchanged on either.
/// </summary>
public interface IDatagramTransport : IDisposable
{
    /// <summary>The bound local address.</summary>
    EndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram; never blocks on the network. Returns false when it was dropped locally.</summary>
    bool Send(ReadOnlySpan<byte> datagram, EndPoint remote);

    /// <summary>
    /// Sends <paramref name="segments"/>, consecutive datagrams of <paramref name="segmentSize"/>
    /// bytes each (the last may be shorter), to one remote; returns how many were accepted. A
    /// transport that can hand a whole run to the kernel at once (UDP GSO) overrides this; the
    /// default sends them one by one.
    /// </summary>
    int SendBatch(ReadOnlySpan<byte> segments, int segmentSize, EndPoint remote)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 1);
        int sent = 0;
        while (!segments.IsEmpty)
        {
            int chunk = Math.Min(segments.Length, segmentSize);
            if (Send(segments[..chunk], remote))
                sent++;
            segments = segments[chunk..];
        }
        return sent;
    }

    /// <summary>
    /// Whether the transport calls <see cref="IDatagramSink.OnReceiveIdle"/> each time its socket
    /// has no further datagram waiting. Only then may a sink hold datagrams back to pass several on at once.
    /// </summary>
    bool SignalsReceiveIdle => false;

    /// <summary>Starts delivering received datagrams to <paramref name="sink"/>. Called once.</summary>
    void Start(IDatagramSink sink);
}
