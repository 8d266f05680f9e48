using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests.Streams;

/// <summary>
/// Back-pressure through the stream contract over the simulator (virtual time): reading is what
/// grants credit (RFC 9000 §4.2), opening waits for MAX_STREAMS (§4.6), and a writer hears its
/// bytes released only as the peer acknowledges them.
/// </summary>
public sealed class StreamFlowControlSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly LinkImpairments Delay = new() { Delay = TimeSpan.FromMilliseconds(10) };

    public StreamFlowControlSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    internal static byte[] Payload(int seed, int size)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    internal static void Established(ConnectionPair pair) =>
        Assert.True(pair.RunUntil(() => pair.ClientLog.Established is not null && pair.ServerLog.Established is not null,
            TimeSpan.FromSeconds(5)), "handshake: " + pair.Describe());

    [Fact]
    public void A_reader_that_does_not_read_stalls_only_its_stream_at_the_window_and_credit_resumes_as_it_reads()
    {
        const int window = 32 * 1024;
        var serverParameters = ConnectionOptions.DefaultParameters with
        {
            InitialMaxStreamDataBidiRemote = window,
            InitialMaxData = 256 * 1024,
        };
        // The server's app reads every stream but 0.
        var pair = new ConnectionPair(Sys, seed: 11, Delay, serverParameters: serverParameters, serverReads: id => id != 0);
        Established(pair);
        byte[] stalled = Payload(1, 200 * 1024);
        byte[] flowing = Payload(2, 1024 * 1024);
        var writes = new Collected();
        var writer = Collector.Create(Sys, writes, "writer");

        pair.Client.Tell(new WriteStream(0, stalled, Fin: true), writer);
        pair.Client.Tell(new WriteStream(4, flowing, Fin: true), writer);
        Assert.True(pair.RunUntil(() => pair.ServerLog.IsFinished(4), TimeSpan.FromSeconds(60)), "1 MB on stream 4: " + pair.Describe());
        Assert.Equal(flowing, pair.ServerLog.StreamBytes(4));
        pair.RunUntil(() => false, TimeSpan.FromMilliseconds(500)); // let acknowledgments settle

        // Stream 0 holds exactly its window at the server: the peer could send no more, so no more was acknowledged.
        Assert.Equal(window, writes.Of<StreamWriteReleased>().Where(r => r.StreamId == 0).Sum(r => r.Bytes));
        Assert.Equal(flowing.Length, writes.Of<StreamWriteReleased>().Where(r => r.StreamId == 4).Sum(r => r.Bytes));
        Assert.Equal([new StreamWriteCompleted(4)], writes.Of<StreamWriteCompleted>());
        Assert.Empty(pair.ServerLog.StreamBytes(0));

        // A reader arrives: the first read gets the buffered window at once, and each read earns credit for more.
        var reads = new Collected();
        var reader = Collector.Create(Sys, reads, "reader", ReadLoop.Continue);
        pair.Server!.Tell(new ReadStream(0, ReadLoop.ChunkSize), reader);
        Assert.Equal(window, reads.Of<StreamDataReceived>()[0].Data.Length);
        Assert.True(pair.RunUntil(() => reads.Of<StreamDataReceived>().Any(d => d.Fin), TimeSpan.FromSeconds(60)), "stream 0 resumed: " + pair.Describe());
        Assert.Equal(stalled, reads.Of<StreamDataReceived>().SelectMany(d => d.Data).ToArray());
        Assert.True(pair.RunUntil(() => writes.Of<StreamWriteCompleted>().Count == 2, TimeSpan.FromSeconds(10)));
        Assert.Equal(stalled.Length, writes.Of<StreamWriteReleased>().Where(r => r.StreamId == 0).Sum(r => r.Bytes));
        Assert.Null(pair.ClientLog.Terminated);
        Assert.Null(pair.ServerLog.Terminated);
    }

    [Fact]
    public void Opening_300_streams_against_max_streams_100_queues_the_opens_until_the_peer_raises_the_limit()
    {
        byte[] request = Payload(3, 100);
        byte[] response = Payload(4, 1000);
        var pair = new ConnectionPair(Sys, seed: 12, Delay, serverResponse: response);
        Established(pair);
        var opened = new Collected();
        var responses = new AppLog();
        var opener = Collector.Create(Sys, opened, "opener", (message, connection) =>
        {
            if (message is StreamOpened o)
            {
                connection.Tell(new WriteStream(o.StreamId, request, Fin: true));
                connection.Tell(new ReadStream(o.StreamId, ReadLoop.ChunkSize));
            }
            if (message is StreamDataReceived d)
            {
                responses.Record(d);
                ReadLoop.Continue(d, connection);
            }
        });

        for (int i = 0; i < 300; i++) pair.Client.Tell(new OpenStream(Bidirectional: true), opener);
        // The server's initial_max_streams_bidi is 100: the rest wait for MAX_STREAMS (RFC 9000 §4.6).
        Assert.Equal(100, opened.Of<StreamOpened>().Count);

        Assert.True(pair.RunUntil(() => Enumerable.Range(0, 300).All(i => responses.IsFinished((ulong)i * 4)), TimeSpan.FromSeconds(60)),
            $"{opened.Of<StreamOpened>().Count} opened: " + pair.Describe());
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (ulong)i * 4), opened.Of<StreamOpened>().Select(o => o.StreamId));
        for (int i = 0; i < 300; i++) Assert.Equal(response, responses.StreamBytes((ulong)i * 4));
        Assert.Equal(300, pair.ServerLog.All.OfType<StreamAccepted>().Count());
        Assert.Empty(opened.Of<StreamOpenFailed>());
        Assert.Null(pair.ClientLog.Terminated);
        Assert.Null(pair.ServerLog.Terminated);
    }

    [Fact]
    public void A_writer_that_waits_for_releases_sends_everything_and_hears_completion_once()
    {
        const int chunk = 8 * 1024;
        const int budget = 64 * 1024; // the writer's own window of unreleased bytes
        byte[] data = Payload(5, 400 * 1024);
        var pair = new ConnectionPair(Sys, seed: 13, Delay);
        Established(pair);
        var writes = new Collected();
        int written = 0;
        long released = 0;
        long maxOutstanding = 0;
        void Fill(IActorRef connection, IActorRef self)
        {
            while (written < data.Length && written - released + chunk <= budget)
            {
                int length = Math.Min(chunk, data.Length - written);
                connection.Tell(new WriteStream(0, data.AsSpan(written, length).ToArray(), Fin: written + length == data.Length), self);
                written += length;
                maxOutstanding = Math.Max(maxOutstanding, written - released);
            }
        }
        IActorRef writer = ActorRefs.Nobody;
        writer = Collector.Create(Sys, writes, "writer", (message, connection) =>
        {
            if (message is not StreamWriteReleased r) return;
            released += r.Bytes;
            Fill(connection, writer);
        });
        Fill(pair.Client, writer);

        Assert.True(pair.RunUntil(() => writes.Of<StreamWriteCompleted>().Count > 0 && pair.ServerLog.IsFinished(0), TimeSpan.FromSeconds(60)),
            $"written {written} released {released}: " + pair.Describe());
        pair.RunUntil(() => false, TimeSpan.FromMilliseconds(500));
        Assert.Equal(data, pair.ServerLog.StreamBytes(0));
        Assert.Equal(data.Length, writes.Of<StreamWriteReleased>().Sum(r => r.Bytes));
        Assert.Equal([new StreamWriteCompleted(0)], writes.Of<StreamWriteCompleted>());
        Assert.True(maxOutstanding <= budget);
        Assert.All(writes.All, m => Assert.True(m is StreamWriteReleased or StreamWriteCompleted, $"unexpected {m}"));
    }
}
