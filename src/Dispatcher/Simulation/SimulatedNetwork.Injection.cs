using System.Net;

namespace ActorQuic.Dispatcher.Simulation;

public sealed partial class SimulatedNetwork
{
    private long _injected;

    /// <summary>Datagrams handed to <see cref="Inject"/> that reached an endpoint's inbox.</summary>
    public long Injected
    {
        get { lock (_lock) return _injected; }
    }

    /// <summary>
    /// Puts <paramref name="datagram"/> in the inbox of whoever holds <paramref name="destination"/>
    /// as if it came from <paramref name="source"/> — any address, spoofed or not, including
    /// another endpoint's — and delivers it at once on the calling thread. For attack traffic
    /// (floods, forged and replayed packets): it bypasses drop rules and impairments, is not
    /// counted as <see cref="SimulatedNetworkStatistics.Sent"/>, and draws no randomness, so
    /// the traffic between endpoints sees the same draws with or without it.
    /// </summary>
    /// <returns>False when nobody holds <paramref name="destination"/> (counted as unroutable).</returns>
    public bool Inject(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        SimulatedTransport? receiver;
        lock (_lock)
        {
            if (!_routes.TryGetValue(destination, out receiver))
            {
                _unroutable++;
                return false;
            }
            // An endpoint's own address object, as its real datagrams carry (see SimulatedTransport).
            if (_routes.TryGetValue(source, out SimulatedTransport? owner) && owner.Address.Equals(source))
                source = owner.Address;
            _injected++;
            receiver.Enqueue(new Delivery(receiver, destination, source, datagram.ToArray()));
        }
        receiver.Drain();
        return true;
    }
}
