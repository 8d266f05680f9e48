using ActorQuic.Http3.Connection;
using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Tests.Connection;

/// <summary>
/// A fake QUIC connection joining a client and a server <see cref="Http3Connection"/>: each
/// side's stream writes go into a per-stream in-order byte queue for the other side; delivery can
/// split writes into random chunks and interleave streams in random order (seeded), and chosen
/// streams can be held back. Stream aborts become resets at the peer; everything else the
/// connections output is collected per side.
/// </summary>
internal sealed class FakeQuicLink
{
    private readonly Random _rng;
    private readonly int _maxChunk;
    private readonly bool _reorder;
    private readonly Dictionary<(bool ToServer, long StreamId), Pipe> _pipes = new();
    private readonly List<(bool ToServer, long StreamId)> _order = new();
    private readonly HashSet<(bool ToServer, long StreamId)> _held = new();

    public FakeQuicLink(int seed = 1, int maxChunk = 0, bool reorder = false,
        long clientTableCapacity = 4096, long serverTableCapacity = 4096)
    {
        _rng = new Random(seed);
        _maxChunk = maxChunk;
        _reorder = reorder;
        Client = new Http3Connection(Options(StreamInitiator.Client, clientTableCapacity, (ulong)seed));
        Server = new Http3Connection(Options(StreamInitiator.Server, serverTableCapacity, (ulong)seed * 7));
    }

    public Http3Connection Client { get; }
    public Http3Connection Server { get; }

    /// <summary>Non-write outputs of the client (events, aborts, close), in order.</summary>
    public List<Http3Output> ClientEvents { get; } = new();
    public List<Http3Output> ServerEvents { get; } = new();

    /// <summary>Bytes each side has written per stream (for assertions on what went out).</summary>
    public Dictionary<(bool FromClient, long StreamId), int> BytesWritten { get; } = new();

    public static Http3ConnectionOptions Options(StreamInitiator role, long tableCapacity = 4096, ulong grease = 0x5eed)
    {
        long b = role == StreamInitiator.Client ? 2 : 3;
        return new Http3ConnectionOptions
        {
            Role = role,
            ControlStreamId = b,
            QpackEncoderStreamId = b + 4,
            QpackDecoderStreamId = b + 8,
            Decoder = new ActorQuic.Http3.QPack.QPackDecoderOptions { MaxTableCapacity = tableCapacity },
            GreaseSeed = grease,
        };
    }

    /// <summary>Every chunk delivered, in order (a transcript hostile tests mutate).</summary>
    public List<(bool ToServer, long StreamId, byte[] Data, bool Fin)> Deliveries { get; } = new();

    public void Hold(bool toServer, long streamId) => _held.Add((toServer, streamId));

    public void Release(bool toServer, long streamId) => _held.Remove((toServer, streamId));

    /// <summary>Moves outputs and delivers bytes until nothing deliverable is left.</summary>
    public void Pump()
    {
        for (int guard = 0; guard < 1_000_000; guard++)
        {
            Drain(Client, fromClient: true);
            Drain(Server, fromClient: false);
            if (!DeliverOne()) return;
        }
        throw new InvalidOperationException("link did not settle");
    }

    private void Drain(Http3Connection side, bool fromClient)
    {
        var events = fromClient ? ClientEvents : ServerEvents;
        while (side.TryTakeOutput(out var output))
        {
            switch (output)
            {
                case Http3StreamWrite write:
                    BytesWritten[(fromClient, write.StreamId)] = BytesWritten.GetValueOrDefault((fromClient, write.StreamId)) + write.Data.Length;
                    var pipe = GetPipe((fromClient, write.StreamId));
                    pipe.Bytes.AddRange(write.Data);
                    pipe.Fin |= write.Fin;
                    break;
                case Http3AbortStream abort:
                    events.Add(abort);
                    // RESET_STREAM reaches the peer at once and discards what was in flight.
                    var key = (fromClient, abort.StreamId);
                    if (_pipes.Remove(key)) _order.Remove(key);
                    (fromClient ? Server : Client).OnStreamReset(abort.StreamId, (ulong)abort.ErrorCode);
                    break;
                default:
                    events.Add(output);
                    break;
            }
        }
    }

    private Pipe GetPipe((bool, long) key)
    {
        if (!_pipes.TryGetValue(key, out var pipe))
        {
            pipe = new Pipe();
            _pipes.Add(key, pipe);
            _order.Add(key);
        }
        return pipe;
    }

    private bool DeliverOne()
    {
        var ready = new List<(bool ToServer, long StreamId)>();
        foreach (var key in _order)
        {
            var pipe = _pipes[key];
            if (!_held.Contains(key) && (pipe.Bytes.Count > 0 || (pipe.Fin && !pipe.FinDelivered))) ready.Add(key);
        }
        if (ready.Count == 0) return false;
        var k = _reorder ? ready[_rng.Next(ready.Count)] : ready[0];
        var p = _pipes[k];
        int n = _maxChunk > 0 ? Math.Min(p.Bytes.Count, 1 + _rng.Next(_maxChunk)) : p.Bytes.Count;
        var chunk = p.Bytes.GetRange(0, n).ToArray();
        p.Bytes.RemoveRange(0, n);
        bool fin = p.Fin && p.Bytes.Count == 0;
        if (fin) p.FinDelivered = true;
        Deliveries.Add((k.ToServer, k.StreamId, chunk, fin));
        (k.ToServer ? Server : Client).OnStreamData(k.StreamId, chunk, fin);
        return true;
    }

    private sealed class Pipe
    {
        public readonly List<byte> Bytes = new();
        public bool Fin;
        public bool FinDelivered;
    }
}
