using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Connection.Streams.RegistryTestKit;

namespace ActorQuic.Protocol.Tests.Connection.Streams;

/// <summary>
/// Random frames with random field values, mixed with legal application calls: the registry
/// may only ever throw <see cref="QuicProtocolException"/>, with a code RFC 9000 allows for that
/// frame, and never buffers more than it advertised.
/// </summary>
public class StreamRegistryHostileTests
{
    private const TransportErrorCode State = TransportErrorCode.StreamStateError;
    private const TransportErrorCode Limit = TransportErrorCode.StreamLimitError;
    private const TransportErrorCode Flow = TransportErrorCode.FlowControlError;
    private const TransportErrorCode Final = TransportErrorCode.FinalSizeError;
    private const TransportErrorCode Encoding = TransportErrorCode.FrameEncodingError;
    private const int BlockSize = 128;

    [Fact]
    public void Random_frames_only_ever_raise_protocol_errors_with_the_right_codes()
    {
        var rng = new Random(1234);
        var errors = new Dictionary<TransportErrorCode, int>();
        int survivedOps = 0, closedStreams = 0, creditGrants = 0;
        var events = new List<StreamRegistryEvent>();
        var controls = new List<StreamControlFrame>();

        for (int run = 0; run < 1500; run++)
        {
            var role = rng.Next(2) == 0 ? StreamInitiator.Client : StreamInitiator.Server;
            bool stingy = rng.Next(10) == 0; // sometimes tiny limits, so limit errors stay likely
            var local = Parameters(
                maxData: (ulong)(stingy ? rng.Next(0, 500) : rng.Next(1000, 6000)),
                bidiLocal: (ulong)(stingy ? rng.Next(0, 100) : rng.Next(100, 800)),
                bidiRemote: (ulong)(stingy ? rng.Next(0, 100) : rng.Next(100, 800)),
                uni: (ulong)(stingy ? rng.Next(0, 100) : rng.Next(100, 800)),
                streamsBidi: (ulong)(stingy ? rng.Next(0, 3) : rng.Next(5, 20)),
                streamsUni: (ulong)(stingy ? rng.Next(0, 3) : rng.Next(5, 20)));
            using var registry = new StreamRegistry(role, local, new StreamRegistryOptions { ReceiveBlockSize = BlockSize });
            registry.OnPeerTransportParameters(Parameters(streamsBidi: (ulong)rng.Next(0, 5), streamsUni: (ulong)rng.Next(0, 5)));
            // Per run, how wild the peer is: from almost honest to mostly garbage.
            int wildOneIn = rng.Next(3) switch { 0 => 400, 1 => 40, _ => 5 };
            var peer = new SloppyPeer(rng, registry, local, wildOneIn);

            for (int op = 0; op < 200; op++)
            {
                int kind = PickKind(rng);
                try
                {
                    if (kind < 9) peer.SendFrame(kind);
                    else ApplicationStep(registry, kind, rng, controls);
                }
                catch (QuicProtocolException ex)
                {
                    Assert.Contains(ex.ErrorCode, AllowedCodes(kind));
                    errors[ex.ErrorCode] = errors.GetValueOrDefault(ex.ErrorCode) + 1;
                    break; // the connection closes
                }
                survivedOps++;
                Assert.True(registry.UnconsumedBytes <= registry.ConnectionReceiveWindow);
                Assert.True(registry.AllocatedBytes <= (long)registry.ConnectionReceiveWindow + 2L * BlockSize * registry.OpenStreamCount);
                Assert.True(registry.GetOpenPeerStreamCount(StreamDirection.Bidirectional) <= registry.GetLocalMaxStreams(StreamDirection.Bidirectional));
                Assert.True(registry.GetOpenPeerStreamCount(StreamDirection.Unidirectional) <= registry.GetLocalMaxStreams(StreamDirection.Unidirectional));
                events.Clear();
                registry.DrainEvents(events);
                closedStreams += events.Count(e => e.Kind == StreamRegistryEventKind.StreamClosed);
                controls.Clear();
                registry.DrainControlFrames(controls, TimeSpan.FromMilliseconds(op), TimeSpan.FromMilliseconds(30));
                creditGrants += controls.Count(c => c.Kind is StreamControlFrameKind.MaxStreamData or StreamControlFrameKind.MaxData);
            }
        }
        // The generator reaches every error the registry can raise, and plenty of legal traffic.
        string stats = $"{survivedOps} ops, {closedStreams} closed, {creditGrants} grants, errors {string.Join(", ", errors)}";
        Assert.True(survivedOps > 50_000, stats);
        Assert.True(closedStreams > 300, stats);
        Assert.True(creditGrants > 300, stats);
        foreach (var code in new[] { State, Limit, Flow, Final, Encoding })
            Assert.True(errors.GetValueOrDefault(code) > 10, stats);
    }

    /// <summary>Mostly STREAM frames and application calls, so connections live long enough to get interesting.</summary>
    private static int PickKind(Random rng) => rng.Next(100) switch
    {
        < 35 => 0,
        < 38 => 1,
        < 41 => 2,
        < 45 => 3,
        < 47 => 4,
        < 50 => 5,
        < 52 => 6,
        < 55 => 7,
        < 57 => 8,
        < 72 => 9,
        < 84 => 10,
        < 86 => 11,
        < 94 => 12,
        _ => 13,
    };

    private static TransportErrorCode[] AllowedCodes(int kind) => kind switch
    {
        0 or 1 => [State, Limit, Flow, Final, Encoding],            // STREAM, RESET_STREAM
        2 or 3 or 4 => [State, Limit, Encoding],                    // STOP_SENDING, MAX_STREAM_DATA, STREAM_DATA_BLOCKED
        5 or 6 => [Encoding],                                       // MAX_STREAMS, STREAMS_BLOCKED
        _ => [],                                                    // MAX_DATA, DATA_BLOCKED, application calls
    };

    /// <summary>Only legal application calls: the point is what the peer can do, not caller bugs.</summary>
    private static void ApplicationStep(StreamRegistry registry, int kind, Random rng, List<StreamControlFrame> lastControls)
    {
        Span<byte> scratch = stackalloc byte[256];
        var id = new StreamId((ulong)rng.Next(0, 32));
        bool receivable = id.HasReceivingPart(registry.LocalRole) && registry.IsOpen(id);
        switch (kind)
        {
            case 9 when receivable:
                registry.Read(id, scratch[..rng.Next(scratch.Length)]);
                break;
            case 10 when receivable:
                var span = registry.GetReadable(id);
                if (!span.IsEmpty) registry.Consume(id, rng.Next(span.Length + 1));
                break;
            case 11 when receivable && rng.Next(4) == 0:
                registry.StopReading(id, (ulong)rng.Next(100));
                break;
            case 12:
                registry.TryOpenStream(rng.Next(2) == 0, out _);
                if (id.HasSendingPart(registry.LocalRole) && registry.IsOpen(id) && rng.Next(3) == 0) registry.OnSendSideClosed(id);
                break;
        }
    }

    /// <summary>
    /// Sends frames that are mostly plausible — the peer's first streams or ours that exist, in
    /// order or scattered within the advertised limits — and, one in <c>wildOneIn</c>, frames
    /// with any field values at all.
    /// </summary>
    private sealed class SloppyPeer(Random rng, StreamRegistry registry, TransportParameters local, int wildOneIn)
    {
        private static readonly byte[] Payload = CreatePayload();
        private readonly Dictionary<ulong, ulong> _next = []; // in-order sending position per stream
        private readonly HashSet<ulong> _finished = [];
        private readonly ulong _smallestWindow = Math.Min(local.InitialMaxStreamDataUni,
            Math.Min(local.InitialMaxStreamDataBidiLocal, local.InitialMaxStreamDataBidiRemote));

        public void SendFrame(int kind)
        {
            bool wild = rng.Next(wildOneIn) == 0;
            ulong id = wild ? WildStreamId() : PlausibleStreamId(kind, careless: rng.Next(wildOneIn) == 0);
            switch (kind)
            {
                case 0:
                    SendStream(id, wild);
                    break;
                case 1:
                    ulong finalSize = wild ? WildOffset() : _next.GetValueOrDefault(id);
                    _finished.Add(id);
                    registry.OnResetStream(new ResetStreamFrame(id, WildVarint(), finalSize));
                    break;
                case 2:
                    registry.OnStopSending(new StopSendingFrame(id, WildVarint()));
                    break;
                case 3:
                    registry.OnMaxStreamData(new MaxStreamDataFrame(id, wild ? WildOffset() : (ulong)rng.Next(0, 5000)));
                    break;
                case 4:
                    registry.OnStreamDataBlocked(new StreamDataBlockedFrame(id, WildOffset()));
                    break;
                case 5:
                    registry.OnMaxStreams(new MaxStreamsFrame(rng.Next(2) == 0, WildCount(wild)));
                    break;
                case 6:
                    registry.OnStreamsBlocked(new StreamsBlockedFrame(rng.Next(2) == 0, WildCount(wild)));
                    break;
                case 7:
                    registry.OnMaxData(new MaxDataFrame(WildVarint()));
                    break;
                default:
                    registry.OnDataBlocked(new DataBlockedFrame(WildVarint()));
                    break;
            }
        }

        private void SendStream(ulong id, bool wild)
        {
            if (wild)
            {
                int length = rng.Next(0, 300);
                ulong offset = WildOffset();
                if (offset + (ulong)length > QuicVarint.MaxValue) offset = QuicVarint.MaxValue - (ulong)length + (ulong)rng.Next(0, 2);
                registry.OnStream(new StreamFrame(id, offset, Payload.AsMemory(rng.Next(0, 400), length), rng.Next(4) == 0));
                return;
            }
            ulong limit = registry.GetStreamReceiveLimit(new StreamId(id)) ?? _smallestWindow;
            ulong next = _next.GetValueOrDefault(id);
            bool finished = _finished.Contains(id);
            if (finished && rng.Next(30) == 0)
            {
                // Sloppy: data past the final size (RFC 9000 §4.5) — unless the stream was forgotten.
                registry.OnStream(new StreamFrame(id, next, Payload.AsMemory(0, 1), false));
                return;
            }
            if (rng.Next(3) == 0 || finished)
            {
                // A retransmission of something already sent, possibly overlapping.
                ulong end = (ulong)rng.NextInt64(0, (long)next + 1);
                ulong start = (ulong)rng.NextInt64(0, (long)end + 1);
                registry.OnStream(new StreamFrame(id, start, Payload.AsMemory(0, (int)Math.Min(end - start, 300)), false));
                return;
            }
            // New data in order, within the limit (and now and then a little past it).
            ulong room = limit > next ? limit - next : 0;
            int count = rng.Next(0, (int)Math.Min(300, room) + 1) + (rng.Next(100) == 0 ? 5 : 0);
            bool fin = rng.Next(20) == 0;
            if (fin) _finished.Add(id);
            _next[id] = next + (ulong)count;
            registry.OnStream(new StreamFrame(id, next, Payload.AsMemory(0, count), fin));
        }

        /// <summary>One of the peer's first streams, or one of ours that exists, of a direction the frame can name.</summary>
        private ulong PlausibleStreamId(int kind, bool careless)
        {
            var own = registry.LocalRole;
            var peer = own == StreamInitiator.Client ? StreamInitiator.Server : StreamInitiator.Client;
            var direction = rng.Next(2) == 0 ? StreamDirection.Bidirectional : StreamDirection.Unidirectional;
            var initiator = rng.Next(4) == 0 ? own : peer;
            if (!careless && direction == StreamDirection.Unidirectional)
                initiator = kind is 2 or 3 ? own : peer; // STOP_SENDING and MAX_STREAM_DATA name our sending part
            var id = StreamId.FromIndex(initiator, direction, (ulong)rng.Next(0, 6));
            if (!careless && initiator == own && !registry.IsOpen(id) && !registry.IsClosed(id))
                id = StreamId.FromIndex(peer, StreamDirection.Bidirectional, (ulong)rng.Next(0, 4));
            return id.Value;
        }

        private ulong WildStreamId() => rng.Next(4) switch
        {
            0 => (ulong)rng.NextInt64(0, (long)StreamId.MaxValue) + 1,
            1 => (ulong)rng.Next(0, 400),
            _ => (ulong)rng.Next(0, 48),
        };

        private ulong WildOffset() => rng.Next(4) switch
        {
            0 => (ulong)rng.NextInt64(0, (long)QuicVarint.MaxValue) + 1,
            1 => (ulong)rng.Next(0, 100_000),
            _ => (ulong)rng.Next(0, 1500),
        };

        private ulong WildVarint() => rng.Next(3) == 0 ? (ulong)rng.NextInt64(0, (long)QuicVarint.MaxValue) + 1 : (ulong)rng.Next(0, 10_000);

        private ulong WildCount(bool wild) => (wild ? rng.Next(3) : 2) switch
        {
            0 => (1UL << 60) + (ulong)rng.Next(0, 3),
            1 => (ulong)rng.NextInt64(0, 1L << 60),
            _ => (ulong)rng.Next(0, 30),
        };

        private static byte[] CreatePayload()
        {
            var bytes = new byte[700];
            new Random(99).NextBytes(bytes);
            return bytes;
        }
    }
}
