using System.Net;
using Akka.Actor;

namespace ActorQuic.Dispatcher.Simulation;

/// <summary>
/// An in-process network joining any number of <see cref="SimulatedTransport"/> endpoints,
/// with seeded impairments (<see cref="LinkImpairments"/>), drop rules and address rebinding.
/// Layers above run on it unchanged, deterministically, on virtual time.
/// </summary>
/// <remarks>
/// <para>Time: delayed datagrams are scheduled on the <see cref="IScheduler"/> passed in and
/// due times are read from its <c>Now</c>. With Akka's <c>TestScheduler</c> nothing delayed
/// arrives until the test calls <c>Advance</c>, and then everything due arrives in due-time
/// order (ties in send order), whatever order the scheduler runs its callbacks in.</para>
/// <para>Threading: a sink is called on the thread that sent the datagram when it arrives at
/// once (no delay on the link), otherwise on the scheduler's thread (with <c>TestScheduler</c>:
/// the thread calling <c>Advance</c>). Calls to one endpoint's sink are never concurrent and
/// never nested: a datagram that arrives while that sink runs is queued and delivered by the
/// same thread right after it returns. Sinks should be quick (a Tell), as with a real socket.</para>
/// <para>Determinism: every endpoint draws from its own <see cref="Random"/>, seeded from the
/// network's seed and the order endpoints were added, so traffic between two endpoints does not
/// change the draws of a third. Same seed, same endpoints, same sends in the same order → the
/// same deliveries.</para>
/// </remarks>
public sealed partial class SimulatedNetwork
{
    private readonly IScheduler _scheduler;
    private readonly int _seed;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPEndPoint, SimulatedTransport> _routes = [];
    private readonly Dictionary<(SimulatedTransport From, SimulatedTransport To), LinkState> _links = [];
    private readonly List<Func<SimulatedDatagram, bool>> _dropRules = [];
    private LinkImpairments _defaultImpairments = LinkImpairments.None;
    private int _endpointCount;

    // Statistics; written under _lock except _delivered, which is counted as sinks are called.
    private long _sent, _delivered, _lost, _droppedByRule, _unroutable, _duplicated, _corrupted, _reordered, _queueDropped, _tooLarge;

    public SimulatedNetwork(IScheduler scheduler, int seed)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        _seed = seed;
    }

    public int Seed => _seed;

    /// <summary>Impairments of every link without its own (see <see cref="SetImpairments"/>).</summary>
    public LinkImpairments DefaultImpairments
    {
        get { lock (_lock) return _defaultImpairments; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_lock) _defaultImpairments = value;
        }
    }

    /// <summary>Adds an endpoint reachable at <paramref name="address"/> (e.g. 127.0.0.2:4433 or [::1]:5000).</summary>
    /// <exception cref="InvalidOperationException">Another endpoint already has the address.</exception>
    public SimulatedTransport AddEndpoint(IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = new IPEndPoint(address.Address, address.Port); // our own, immutable by convention
        lock (_lock)
        {
            if (_routes.ContainsKey(address))
                throw new InvalidOperationException($"{address} is already in use on this network");
            int index = _endpointCount++;
            var endpoint = new SimulatedTransport(this, address, new Random(MixSeed(_seed, index)));
            _routes.Add(address, endpoint);
            return endpoint;
        }
    }

    /// <summary>Sets the impairments of the one-way link <paramref name="from"/> → <paramref name="to"/>.</summary>
    public void SetImpairments(SimulatedTransport from, SimulatedTransport to, LinkImpairments impairments)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(impairments);
        impairments.Validate();
        lock (_lock)
            GetLink(from, to).Impairments = impairments;
    }

    /// <summary>Sets the same impairments in both directions between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void SetImpairmentsBothWays(SimulatedTransport a, SimulatedTransport b, LinkImpairments impairments)
    {
        SetImpairments(a, b, impairments);
        SetImpairments(b, a, impairments);
    }

    /// <summary>
    /// Adds a rule, checked for every datagram in send order before any impairment: true drops
    /// it. Called under the network's lock on the sending thread, so rules may keep counters
    /// without locks but must not send.
    /// </summary>
    public void AddDropRule(Func<SimulatedDatagram, bool> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock) _dropRules.Add(rule);
    }

    public void ClearDropRules()
    {
        lock (_lock) _dropRules.Clear();
    }

    /// <summary>
    /// Moves <paramref name="endpoint"/> to <paramref name="newAddress"/>, as a NAT rebinding or a
    /// client migrating to a new network does: its later datagrams carry the new source address,
    /// datagrams to the new address reach it, and (unless <paramref name="keepOldAddress"/>)
    /// datagrams to the old one — including those already in flight — are lost.
    /// </summary>
    public void Rebind(SimulatedTransport endpoint, IPEndPoint newAddress, bool keepOldAddress = false)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(newAddress);
        newAddress = new IPEndPoint(newAddress.Address, newAddress.Port);
        lock (_lock)
        {
            if (endpoint.IsClosed)
                throw new ObjectDisposedException(endpoint.ToString());
            if (_routes.TryGetValue(newAddress, out SimulatedTransport? owner) && owner != endpoint)
                throw new InvalidOperationException($"{newAddress} is already in use on this network");
            if (!keepOldAddress)
                _routes.Remove(endpoint.Address);
            _routes[newAddress] = endpoint;
            endpoint.Address = newAddress;
        }
    }

    /// <summary>A consistent snapshot of the counters.</summary>
    public SimulatedNetworkStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return new SimulatedNetworkStatistics(_sent, Interlocked.Read(ref _delivered), _lost, _droppedByRule,
                    _unroutable, _duplicated, _corrupted, _reordered, _queueDropped, _tooLarge);
            }
        }
    }

    /// <summary>Datagrams scheduled for later delivery and not yet delivered.</summary>
    public int PendingDeliveries
    {
        get { lock (_lock) return _pending.Count; }
    }

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);

    internal void Remove(SimulatedTransport endpoint)
    {
        lock (_lock)
        {
            foreach (var (address, owner) in _routes.ToArray())
            {
                if (owner == endpoint)
                    _routes.Remove(address);
            }
        }
    }

    private LinkState GetLink(SimulatedTransport from, SimulatedTransport to)
    {
        if (!_links.TryGetValue((from, to), out LinkState? link))
        {
            link = new LinkState();
            _links.Add((from, to), link);
        }
        return link;
    }

    /// <summary>A fixed mix (not <see cref="HashCode"/>, which is randomized per process) so endpoint seeds repeat across runs.</summary>
    private static int MixSeed(int seed, int index)
    {
        unchecked
        {
            uint x = (uint)seed * 0x9E3779B1u + (uint)index * 0x85EBCA77u + 0x165667B1u;
            x ^= x >> 15;
            x *= 0x2C1B3C6Du;
            x ^= x >> 12;
            return (int)(x & 0x7FFFFFFF);
        }
    }

    /// <summary>Per one-way link: its impairments (null = network default) and the bandwidth queue's state.</summary>
    private sealed class LinkState
    {
        public LinkImpairments? Impairments;
        public long BusyUntilTicks;
    }
}
