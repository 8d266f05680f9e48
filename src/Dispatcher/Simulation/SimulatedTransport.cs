using System.Net;
using ActorQuic.Dispatcher.Transport;

namespace ActorQuic.Dispatcher.Simulation;

/// <summary>
/// One endpoint of a <see cref="SimulatedNetwork"/>: an <see cref="IDatagramTransport"/> whose
/// datagrams travel through the simulator instead of a socket. Create with
/// <see cref="SimulatedNetwork.AddEndpoint"/>.
/// </summary>
/// <remarks>
/// The sink is called serially (see <see cref="SimulatedNetwork"/> for which thread). Datagrams
/// that arrive before <see cref="Start"/> wait, as in a socket's receive buffer. The
/// <see cref="EndPoint"/> a sink sees is the sender's address object at send time, so it is the
/// same object for every datagram from one address.
/// </remarks>
public sealed class SimulatedTransport : IDatagramTransport
{
    private readonly SimulatedNetwork _network;
    private readonly Lock _inboxLock = new();
    private readonly Queue<SimulatedNetwork.Delivery> _inbox = new();
    private IDatagramSink? _sink;
    private bool _draining;
    private volatile bool _closed;
    private long _datagramsReceived;
    private long _sinkErrors;

    internal SimulatedTransport(SimulatedNetwork network, IPEndPoint address, Random random)
    {
        _network = network;
        Address = address;
        Random = random;
    }

    /// <summary>The address this endpoint sends from and is reached at; changes on <see cref="SimulatedNetwork.Rebind"/>.</summary>
    public IPEndPoint Address { get; internal set; }

    public EndPoint LocalEndPoint => Address;

    public SimulatedNetwork Network => _network;

    /// <summary>Datagrams this endpoint sent (its next datagram's index, as drop rules see it).</summary>
    public long DatagramsSent => Interlocked.Read(ref NextSendIndex);

    /// <summary>Datagrams handed to the sink.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Exceptions the sink threw; each was caught and delivery went on.</summary>
    public long SinkErrors => Interlocked.Read(ref _sinkErrors);

    /// <summary>Called for exceptions thrown by the sink (logging only).</summary>
    public Action<Exception>? OnSinkError { get; set; }

    internal Random Random { get; }

    /// <summary>Written under the network's lock.</summary>
    internal long NextSendIndex;

    internal bool IsClosed => _closed;

    /// <summary>Sends through the network. Thread-safe. False only after <see cref="Dispose"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="remote"/> is not an <see cref="IPEndPoint"/>.</exception>
    public bool Send(ReadOnlySpan<byte> datagram, EndPoint remote)
    {
        if (remote is not IPEndPoint destination)
            throw new ArgumentException($"the simulated network routes IPEndPoints, not {remote?.GetType().Name ?? "null"}", nameof(remote));
        return _network.Send(this, datagram, destination);
    }

    /// <summary>Starts delivery to <paramref name="sink"/>, beginning with anything that already arrived. Call once.</summary>
    public void Start(IDatagramSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_closed, this);
        lock (_inboxLock)
        {
            if (_sink is not null)
                throw new InvalidOperationException("the transport was already started");
            _sink = sink;
        }
        Drain();
    }

    /// <summary>Leaves the network: its addresses become unroutable, queued datagrams are dropped, sends return false.</summary>
    public void Dispose()
    {
        if (_closed)
            return;
        _closed = true;
        _network.Remove(this);
        lock (_inboxLock)
            _inbox.Clear();
    }

    public override string ToString() => $"sim://{Address}";

    internal void Enqueue(SimulatedNetwork.Delivery delivery)
    {
        lock (_inboxLock)
        {
            if (!_closed)
                _inbox.Enqueue(delivery);
        }
    }

    /// <summary>
    /// Delivers queued datagrams unless another thread (or an outer frame of this one) already
    /// is: that one will pick them up. This keeps sink calls serial and never nested.
    /// </summary>
    internal void Drain()
    {
        IDatagramSink sink;
        lock (_inboxLock)
        {
            if (_draining || _sink is null)
                return;
            _draining = true;
            sink = _sink;
        }
        while (true)
        {
            SimulatedNetwork.Delivery delivery;
            lock (_inboxLock)
            {
                if (_closed || !_inbox.TryDequeue(out delivery))
                {
                    _draining = false;
                    return;
                }
            }
            Interlocked.Increment(ref _datagramsReceived);
            _network.CountDelivered();
            try
            {
                sink.OnDatagram(delivery.Data, delivery.Source);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _sinkErrors);
                try
                {
                    OnSinkError?.Invoke(e);
                }
                catch
                {
                    // Logging must not stop delivery.
                }
            }
        }
    }
}
