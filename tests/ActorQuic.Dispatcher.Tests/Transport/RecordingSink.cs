using System.Net;
using ActorQuic.Dispatcher.Transport;

namespace ActorQuic.Dispatcher.Tests.Transport;

/// <summary>Copies every datagram it is given and lets a test wait for a count.</summary>
internal sealed class RecordingSink : IDatagramSink
{
    private readonly object _gate = new();
    private readonly List<(byte[] Data, EndPoint Remote)> _received = [];
    private int _concurrent;

    public int MaxConcurrentCalls { get; private set; }

    public Action<ReadOnlySpan<byte>, EndPoint>? OnEach { get; set; }

    public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote)
    {
        int now = Interlocked.Increment(ref _concurrent);
        try
        {
            OnEach?.Invoke(datagram, remote);
            lock (_gate)
            {
                MaxConcurrentCalls = Math.Max(MaxConcurrentCalls, now);
                _received.Add((datagram.ToArray(), remote));
                Monitor.PulseAll(_gate);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    public int Count
    {
        get { lock (_gate) return _received.Count; }
    }

    public List<(byte[] Data, EndPoint Remote)> Snapshot()
    {
        lock (_gate) return [.. _received];
    }

    /// <summary>Waits until at least <paramref name="count"/> datagrams arrived; false on timeout.</summary>
    public bool WaitFor(int count, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_received.Count < count)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    return false;
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }
}
