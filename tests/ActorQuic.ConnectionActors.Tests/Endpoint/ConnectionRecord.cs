using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>What an application saw of one connection (guarded by the owning <see cref="EndpointAppLog"/>'s lock).</summary>
public sealed class ConnectionRecord(IActorRef connection)
{
    private readonly Dictionary<ulong, MemoryStream> _streams = [];
    private readonly HashSet<ulong> _finished = [];

    public IActorRef Connection { get; } = connection;
    public ConnectionEstablished? Established { get; set; }
    public ConnectionFailed? Failed { get; set; }
    public ConnectionTerminated? Terminated { get; set; }
    public ConnectionClosed? Closed { get; set; }

    internal void Append(StreamDataReceived data)
    {
        if (_finished.Contains(data.StreamId)) throw new InvalidOperationException("data after FIN");
        if (!_streams.TryGetValue(data.StreamId, out var stream)) _streams[data.StreamId] = stream = new MemoryStream();
        stream.Write(data.Data);
        if (data.Fin) _finished.Add(data.StreamId);
    }

    internal bool IsFinished(ulong streamId) => _finished.Contains(streamId);

    internal byte[] StreamBytes(ulong streamId) => _streams.TryGetValue(streamId, out var s) ? s.ToArray() : [];
}
