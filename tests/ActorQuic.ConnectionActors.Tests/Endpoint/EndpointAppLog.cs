using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Endpoint;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>
/// What one application (all connections of one role on one endpoint) saw, per connection actor.
/// Written by <see cref="EndpointApp"/> on its thread, read by the test on another: every access locks.
/// </summary>
public sealed class EndpointAppLog
{
    private readonly object _gate = new();
    private readonly Dictionary<IActorRef, ConnectionRecord> _connections = [];
    private readonly List<ConnectionRecord> _order = [];

    public void Record(IActorRef sender, object message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case Connected connected: Get(connected.Connection); break;
                case ConnectionEstablished e: Get(sender).Established = e; break;
                case ConnectionFailed f: Get(sender).Failed = f; break;
                case ConnectionTerminated t: Get(sender).Terminated = t; break;
                case ConnectionClosed c: Get(sender).Closed = c; break;
                case StreamDataReceived d: Get(sender).Append(d); break;
            }
        }
    }

    /// <summary>Connections in the order they were first heard of.</summary>
    public int Count
    {
        get { lock (_gate) return _order.Count; }
    }

    public IActorRef ConnectionAt(int index)
    {
        lock (_gate) return _order[index].Connection;
    }

    public bool Has(int index, Func<ConnectionRecord, bool> condition)
    {
        lock (_gate) return index < _order.Count && condition(_order[index]);
    }

    public bool IsEstablished(int index) => Has(index, r => r.Established is not null);

    public bool IsClosed(int index) => Has(index, r => r.Closed is not null);

    public bool IsFinished(int index, ulong streamId) => Has(index, r => r.IsFinished(streamId));

    public byte[] StreamBytes(int index, ulong streamId)
    {
        lock (_gate) return index < _order.Count ? _order[index].StreamBytes(streamId) : [];
    }

    public T? Read<T>(int index, Func<ConnectionRecord, T?> read)
    {
        lock (_gate) return index < _order.Count ? read(_order[index]) : default;
    }

    public string Describe()
    {
        lock (_gate)
        {
            return string.Join("; ", _order.Select((r, i) =>
                $"#{i} est={r.Established is not null} failed={r.Failed?.Info} term={r.Terminated?.Info} closed={r.Closed is not null} " +
                $"s0={r.StreamBytes(0).Length}{(r.IsFinished(0) ? "+FIN" : "")}"));
        }
    }

    private ConnectionRecord Get(IActorRef connection)
    {
        if (!_connections.TryGetValue(connection, out var record))
        {
            _connections[connection] = record = new ConnectionRecord(connection);
            _order.Add(record);
        }
        return record;
    }
}
