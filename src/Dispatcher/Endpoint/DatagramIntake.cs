using System.Buffers;
using System.Net;
using ActorQuic.Dispatcher.Transport;
using Akka.Actor;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>
/// The endpoint's <see cref="IDatagramSink"/>: runs on the transport's receive thread, so it
/// only copies the datagram into a pooled buffer and Tells the endpoint a
/// <see cref="DatagramReceived"/>. It bounds what waits in the actor's mailbox: above
/// <see cref="Limit"/> datagrams in flight it drops the datagram (before renting anything) and
/// counts it, because a socket thread must never block and an unbounded mailbox is a memory
/// exhaustion attack (STYLE.md: "bound its queues and count what it sheds").
/// With a transport that signals when its socket is drained (<see cref="IDatagramSink.OnReceiveIdle"/>),
/// the datagrams of one drain (up to <see cref="MaxBatch"/>) go to the actor in one
/// <see cref="DatagramBatchReceived"/>: a burst then costs one message per hop, not one per datagram.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="OnDatagram"/> and <see cref="OnReceiveIdle"/> run on the transport's thread (serially);
/// <see cref="Dequeued"/> runs on the actor; counters are updated with <see cref="Interlocked"/>.
/// </remarks>
public sealed class DatagramIntake : IDatagramSink
{
    private readonly IActorRef _endpoint;
    private readonly ArrayPool<byte> _pool;
    private readonly bool _holdUntilIdle;
    private readonly List<DatagramReceived> _held = new(MaxBatch);
    private long _inFlight;
    private long _accepted;
    private long _shed;
    private long _notIp;
    private volatile bool _closed;

    /// <summary>The most datagrams one <see cref="DatagramBatchReceived"/> carries.</summary>
    public const int MaxBatch = 64;

    /// <param name="holdUntilIdle">
    /// The transport calls <see cref="OnReceiveIdle"/> when its socket is drained: datagrams are held
    /// until then and passed on together. Without it each datagram is passed on at once.
    /// </param>
    public DatagramIntake(IActorRef endpoint, ArrayPool<byte> pool, int limit, bool holdUntilIdle = false)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _endpoint = endpoint;
        _pool = pool;
        Limit = limit;
        _holdUntilIdle = holdUntilIdle;
    }

    /// <summary>Datagrams that may be on their way to the actor at once.</summary>
    public int Limit { get; }

    /// <summary>Datagrams told to the actor and not yet taken by it.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Datagrams handed to the actor.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Datagrams dropped because <see cref="Limit"/> were in flight.</summary>
    public long Shed => Interlocked.Read(ref _shed);

    /// <summary>Datagrams dropped because the source was not an IP endpoint (not expected from a UDP transport).</summary>
    public long NotIp => Interlocked.Read(ref _notIp);

    public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote)
    {
        if (_closed)
            return;
        if (remote is not IPEndPoint ip)
        {
            Interlocked.Increment(ref _notIp);
            return;
        }
        if (Interlocked.Increment(ref _inFlight) > Limit)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _shed);
            return;
        }
        Interlocked.Increment(ref _accepted);
        var received = new DatagramReceived(PooledDatagram.Copy(_pool, datagram), ip);
        if (!_holdUntilIdle)
        {
            _endpoint.Tell(received, ActorRefs.NoSender);
            return;
        }
        _held.Add(received);
        if (_held.Count >= MaxBatch) PassOnHeld();
    }

    /// <summary>The socket is drained: what is held goes to the actor (one message, or the datagram itself when alone).</summary>
    public void OnReceiveIdle()
    {
        if (_held.Count > 0) PassOnHeld();
    }

    private void PassOnHeld()
    {
        object message = _held.Count == 1 ? _held[0] : new DatagramBatchReceived(_held.ToArray());
        _held.Clear();
        _endpoint.Tell(message, ActorRefs.NoSender);
    }

    /// <summary>Called by the actor for every datagram it takes from its mailbox (alone or in a batch).</summary>
    public void Dequeued(int datagrams = 1) => Interlocked.Add(ref _inFlight, -datagrams);

    /// <summary>Stops handing datagrams on (the endpoint is stopping); later ones are ignored uncounted.</summary>
    public void Close() => _closed = true;
}
