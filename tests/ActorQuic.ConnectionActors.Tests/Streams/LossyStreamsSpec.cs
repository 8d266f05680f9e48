using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using Akka.Actor;
using static ActorQuic.ConnectionActors.Tests.Streams.StreamFlowControlSpec;

namespace ActorQuic.ConnectionActors.Tests.Streams;

/// <summary>
/// The stream contract over a lossy, reordering link: lost MAX_STREAMS, MAX_STREAM_DATA,
/// MAX_DATA and STREAMS_BLOCKED frames are repaired by the sender alone (RFC 9000 §13.3), so
/// queued opens and a slowly read stream still finish.
/// </summary>
public sealed class LossyStreamsSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly LinkImpairments Lossy = new()
    {
        Delay = TimeSpan.FromMilliseconds(10),
        LossRate = 0.05,
        ReorderRate = 0.05,
    };

    public LossyStreamsSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    [Fact]
    public void Opens_beyond_max_streams_and_small_windows_complete_over_a_lossy_link()
    {
        // Small limits, so that many MAX_STREAMS / MAX_STREAM_DATA / MAX_DATA frames go out and some are lost.
        var serverParameters = ConnectionOptions.DefaultParameters with
        {
            InitialMaxStreamsBidi = 10,
            InitialMaxStreamDataBidiRemote = 8 * 1024,
            InitialMaxData = 32 * 1024,
        };
        byte[] request = Payload(31, 20 * 1024);
        byte[] response = Payload(32, 500);
        var pair = new ConnectionPair(Sys, seed: 33, Lossy, serverResponse: response, serverParameters: serverParameters);
        Assert.True(pair.RunUntil(() => pair.ClientLog.Established is not null && pair.ServerLog.Established is not null,
            TimeSpan.FromSeconds(10)), "handshake: " + pair.Describe());
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

        const int streams = 60;
        for (int i = 0; i < streams; i++) pair.Client.Tell(new OpenStream(Bidirectional: true), opener);
        Assert.Equal(10, opened.Of<StreamOpened>().Count);
        Assert.True(pair.RunUntil(() => Enumerable.Range(0, streams).All(i => responses.IsFinished((ulong)i * 4)), TimeSpan.FromSeconds(120)),
            $"{opened.Of<StreamOpened>().Count} opened, {Enumerable.Range(0, streams).Count(i => responses.IsFinished((ulong)i * 4))} answered: " + pair.Describe());
        for (int i = 0; i < streams; i++) Assert.Equal(response, responses.StreamBytes((ulong)i * 4));
        // The server's app reads each request whole (it answered on the first bytes, so this may finish later).
        Assert.True(pair.RunUntil(() => Enumerable.Range(0, streams).All(i => pair.ServerLog.IsFinished((ulong)i * 4)), TimeSpan.FromSeconds(120)),
            "requests: " + pair.Describe());
        for (int i = 0; i < streams; i++) Assert.Equal(request, pair.ServerLog.StreamBytes((ulong)i * 4));
        Assert.Null(pair.ClientLog.Terminated);
        Assert.Null(pair.ServerLog.Terminated);
    }
}
