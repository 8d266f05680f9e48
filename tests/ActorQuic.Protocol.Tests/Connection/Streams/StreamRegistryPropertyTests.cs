using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using CsCheck;
using static ActorQuic.Protocol.Tests.Connection.Streams.RegistryTestKit;

namespace ActorQuic.Protocol.Tests.Connection.Streams;

public class StreamRegistryPropertyTests
{
    private const int StreamCount = 10;

    [Fact]
    public void Random_interleavings_across_ten_streams_deliver_exact_bytes_within_advertised_limits()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var peer = new HonestPeer(rng);
            ulong streamWindow = (ulong)rng.Next(200, 3000);
            ulong connectionWindow = (ulong)rng.Next(500, 8000);
            int blockSize = rng.Next(2) == 0 ? 64 : 1024;
            bool tune = rng.Next(2) == 0;
            var options = new StreamRegistryOptions
            {
                ReceiveBlockSize = blockSize,
                MaxStreamReceiveWindow = tune ? streamWindow * 4 : null,
                MaxConnectionReceiveWindow = tune ? connectionWindow * 4 : null,
            };
            using var server = Server(Parameters(maxData: connectionWindow, uni: streamWindow, streamsUni: StreamCount), options: options);
            peer.Start(streamWindow, connectionWindow);

            var now = TimeSpan.Zero;
            var rtt = TimeSpan.FromMilliseconds(rng.Next(1, 200));
            var scratch = new byte[600];
            for (int step = 0; step < 4000 && !peer.AllRead; step++)
            {
                int action = rng.Next(100);
                if (action < 40) peer.Generate();
                else if (action < 70) peer.DeliverOne(server);
                else peer.Consume(server, scratch);
                now += TimeSpan.FromMilliseconds(rng.Next(0, 20));
                peer.Exchange(server, now, rtt);
                CheckBounds(server, blockSize);
            }
            // Flush: the peer resends everything it may, in order, and the reader drains it all.
            for (int round = 0; round < 10_000 && !peer.AllRead; round++)
            {
                peer.SendAllInOrder(server);
                peer.Exchange(server, now, rtt);
                peer.Consume(server, scratch, everything: true);
                now += TimeSpan.FromMilliseconds(5);
                peer.Exchange(server, now, rtt);
                CheckBounds(server, blockSize);
            }

            Assert.True(peer.AllRead, "every stream was read to its end");
            for (int i = 0; i < StreamCount; i++)
            {
                Assert.Equal(peer.Payloads[i], peer.Output[i].ToArray());
                Assert.True(server.IsClosed(Id(HonestPeer.StreamIdOf(i))));
            }
            Assert.Equal(0, server.OpenStreamCount);
            Assert.Equal(0L, server.AllocatedBytes);
            Assert.Equal(server.ConnectionBytesReceived, server.ConnectionBytesConsumed);
        }, seed: "0N0XIzNsQ0O2", iter: 60);
    }

    private static void CheckBounds(StreamRegistry server, int blockSize)
    {
        // What we buffer never exceeds what we advertised (RFC 9000 §4.1): the connection window.
        Assert.True(server.UnconsumedBytes <= server.ConnectionReceiveWindow);
        Assert.True(server.ConnectionReceiveLimit <= server.ConnectionBytesConsumed + server.ConnectionReceiveWindow);
        Assert.True(server.AllocatedBytes <= (long)server.ConnectionReceiveWindow + 2L * blockSize * server.OpenStreamCount);
        Assert.True(server.GetOpenPeerStreamCount(StreamDirection.Unidirectional) <= server.GetLocalMaxStreams(StreamDirection.Unidirectional));
    }

    /// <summary>
    /// A peer that obeys every limit it was told about, sends chunks of ten client
    /// unidirectional streams in random order, with duplicates and overlaps, and learns new
    /// limits only from control frames that were not lost.
    /// </summary>
    private sealed class HonestPeer(Random rng)
    {
        private readonly ulong[] _limit = new ulong[StreamCount];
        private readonly ulong[] _highest = new ulong[StreamCount];
        private readonly ulong[] _lastMaxStreamData = new ulong[StreamCount];
        private readonly bool[] _finAnnounced = new bool[StreamCount];
        private readonly bool[] _closed = new bool[StreamCount];
        private readonly List<StreamFrame> _inFlight = [];
        private readonly List<StreamRegistryEvent> _events = [];
        private readonly List<StreamControlFrame> _controls = [];
        private ulong _maxData;
        private ulong _sumHighest;

        public byte[][] Payloads { get; } = new byte[StreamCount][];

        public List<byte>[] Output { get; } = new List<byte>[StreamCount];

        public bool AllRead => Array.TrueForAll(_closed, c => c);

        public static ulong StreamIdOf(int index) => 2 + 4 * (ulong)index;

        public void Start(ulong streamWindow, ulong connectionWindow)
        {
            for (int i = 0; i < StreamCount; i++)
            {
                int length = rng.Next(4) == 0 ? rng.Next(0, 3) : rng.Next(0, 5000);
                Payloads[i] = new byte[length];
                rng.NextBytes(Payloads[i]);
                Output[i] = [];
                _limit[i] = streamWindow;
            }
            _maxData = connectionWindow;
        }

        /// <summary>A frame within both limits, somewhere in what may be sent.</summary>
        public void Generate()
        {
            int i = rng.Next(StreamCount);
            ulong sendable = Sendable(i);
            ulong start = (ulong)rng.NextInt64(0, (long)sendable + 1);
            ulong length = (ulong)rng.NextInt64(0, (long)Math.Min(400, sendable - start) + 1);
            Add(i, start, length);
        }

        public void SendAllInOrder(StreamRegistry server)
        {
            for (int i = 0; i < StreamCount; i++)
            {
                if (_closed[i]) continue;
                ulong sendable = Sendable(i);
                for (ulong offset = 0; offset < sendable || (offset == 0 && Payloads[i].Length == 0); offset += 500)
                {
                    Add(i, offset, Math.Min(500, sendable - offset));
                    server.OnStream(_inFlight[^1]);
                    _inFlight.RemoveAt(_inFlight.Count - 1);
                    if (sendable == 0) break;
                }
            }
        }

        public void DeliverOne(StreamRegistry server)
        {
            if (_inFlight.Count == 0) return;
            int k = rng.Next(_inFlight.Count);
            var frame = _inFlight[k];
            server.OnStream(frame);
            if (rng.Next(6) != 0) _inFlight.RemoveAt(k); // else: delivered again later (duplicate)
        }

        public void Consume(StreamRegistry server, byte[] scratch, bool everything = false)
        {
            for (int i = 0; i < StreamCount; i++)
            {
                if (!everything && rng.Next(StreamCount) != 0) continue;
                var id = Id(StreamIdOf(i));
                if (!server.IsOpen(id)) continue;
                do
                {
                    if (rng.Next(2) == 0)
                    {
                        int n = server.Read(id, scratch.AsSpan(0, rng.Next(1, scratch.Length)));
                        Output[i].AddRange(scratch.AsSpan(0, n));
                        if (n == 0) break;
                    }
                    else
                    {
                        var span = server.GetReadable(id);
                        if (span.IsEmpty) break;
                        int n = rng.Next(1, span.Length + 1);
                        Output[i].AddRange(span[..n]);
                        server.Consume(id, n);
                    }
                } while (everything && server.IsOpen(id));
            }
        }

        /// <summary>Drains the registry; control frames reach the peer (the sender repairs losses).</summary>
        public void Exchange(StreamRegistry server, TimeSpan now, TimeSpan rtt)
        {
            _events.Clear();
            server.DrainEvents(_events);
            foreach (var e in _events)
            {
                int i = (int)((e.StreamId.Value - 2) / 4);
                switch (e.Kind)
                {
                    case StreamRegistryEventKind.StreamDataAvailable:
                        Assert.False(_finAnnounced[i] && !e.Flag, $"fin is never taken back: {e} out {Output[i].Count} len {Payloads[i].Length} events {string.Join(";", _events)}");
                        Assert.True((ulong)(Payloads[i].Length - Output[i].Count) >= e.Value, $"{e}: more than what is left");
                        if (e.Flag) Assert.Equal((ulong)Payloads[i].Length, (ulong)Output[i].Count + e.Value);
                        _finAnnounced[i] |= e.Flag;
                        break;
                    case StreamRegistryEventKind.StreamClosed:
                        Assert.Equal(Payloads[i].Length, Output[i].Count);
                        _closed[i] = true;
                        break;
                    case StreamRegistryEventKind.StreamOpenedByPeer:
                        break;
                    default:
                        Assert.Fail($"unexpected {e}");
                        break;
                }
            }
            _controls.Clear();
            server.DrainControlFrames(_controls, now, rtt);
            foreach (var frame in _controls)
            {
                switch (frame.Kind)
                {
                    case StreamControlFrameKind.MaxStreamData:
                        int i = (int)((frame.StreamId - 2) / 4);
                        Assert.True(frame.Value >= _lastMaxStreamData[i], "a stream's limit never shrinks");
                        _lastMaxStreamData[i] = frame.Value;
                        _limit[i] = Math.Max(_limit[i], frame.Value);
                        break;
                    case StreamControlFrameKind.MaxData:
                        _maxData = Math.Max(_maxData, frame.Value);
                        break;
                    case StreamControlFrameKind.MaxStreams:
                        break;
                    default:
                        Assert.Fail($"unexpected {frame}");
                        break;
                }
            }
        }

        private ulong Sendable(int i)
        {
            ulong connectionRoom = _maxData - _sumHighest;
            return Math.Min((ulong)Payloads[i].Length, Math.Min(_limit[i], _highest[i] + connectionRoom));
        }

        private void Add(int i, ulong start, ulong length)
        {
            ulong end = start + length;
            if (end > _highest[i])
            {
                _sumHighest += end - _highest[i];
                _highest[i] = end;
            }
            bool fin = end == (ulong)Payloads[i].Length;
            _inFlight.Add(new StreamFrame(StreamIdOf(i), start, Payloads[i].AsMemory((int)start, (int)length), fin));
        }
    }
}
