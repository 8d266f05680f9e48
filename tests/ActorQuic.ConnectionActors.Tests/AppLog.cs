using ActorQuic.ConnectionActors;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>What one side's application saw. Written by <see cref="RecordingApp"/>, read by the test.</summary>
public sealed class AppLog
{
    private readonly object _gate = new();
    private readonly Dictionary<ulong, MemoryStream> _streams = [];
    private readonly HashSet<ulong> _finished = [];

    public ConnectionEstablished? Established { get; private set; }
    public ConnectionTerminated? Terminated { get; private set; }
    public ConnectionClosed? Closed { get; private set; }

    private readonly List<object> _all = [];

    /// <summary>Every message the app received, in order (a snapshot).</summary>
    public List<object> All
    {
        get { lock (_gate) return [.. _all]; }
    }

    public void Record(object message)
    {
        lock (_gate)
        {
            _all.Add(message);
            switch (message)
            {
                case ConnectionEstablished e: Established = e; break;
                case ConnectionTerminated t: Terminated = t; break;
                case ConnectionClosed c: Closed = c; break;
                case StreamDataReceived d:
                    if (_finished.Contains(d.StreamId)) throw new InvalidOperationException("data after FIN");
                    if (!_streams.TryGetValue(d.StreamId, out var stream)) _streams[d.StreamId] = stream = new MemoryStream();
                    stream.Write(d.Data);
                    if (d.Fin) _finished.Add(d.StreamId);
                    break;
            }
        }
    }

    public bool IsFinished(ulong streamId)
    {
        lock (_gate) return _finished.Contains(streamId);
    }

    public byte[] StreamBytes(ulong streamId)
    {
        lock (_gate) return _streams.TryGetValue(streamId, out var s) ? s.ToArray() : [];
    }
}
