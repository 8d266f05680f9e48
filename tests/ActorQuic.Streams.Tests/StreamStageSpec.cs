using System.Net;
using System.Net.Quic;
using ActorQuic.ConnectionActors;
using ActorQuic.Protocol.Connection;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;

namespace ActorQuic.Streams.Tests;

/// <summary>
/// Contract tests of the stream stages: a TestProbe stands in for the ConnectionActor and
/// expects exactly the StreamMessages.cs requests, answering as the contract says.
/// </summary>
public sealed class StreamStageSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private readonly TestProbe _connection;
    private readonly IMaterializer _materializer;

    public StreamStageSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
        _connection = CreateTestProbe("connection");
        _materializer = Sys.Materializer();
    }

    private QuicConnection Connection(int readChunk = 1000, long window = 1000, long defaultCode = 0) =>
        new(_connection.Ref, isServer: false, new IPEndPoint(IPAddress.Loopback, 1), new IPEndPoint(IPAddress.Loopback, 2),
            new QuicStreamSettings(readChunk, window, defaultCode), defaultCloseErrorCode: 0, datagramBufferCapacity: 4);

    private ManualSink<ByteString>.Handle Read(QuicStream stream) => stream.Incoming.RunWith(new ManualSink<ByteString>(), _materializer);

    [Fact]
    public void Incoming_asks_only_on_demand_and_one_read_at_a_time()
    {
        var stream = new QuicStream(Connection(readChunk: 4096), 4);
        var reader = Read(stream);
        _connection.ExpectNoMsg(Quiet); // materialized, but nobody wants data yet

        reader.Request();
        var read = _connection.ExpectMsg<ReadStream>();
        Assert.Equal(new ReadStream(4, 4096), read);
        _connection.Reply(new StreamDataReceived(4, [1, 2, 3], Fin: false));
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Next(TimeSpan.FromSeconds(3)).ToArray());

        // The element was consumed, no further demand: no ReadStream, so no credit for the peer.
        _connection.ExpectNoMsg(Quiet);

        reader.Request();
        _connection.ExpectMsg<ReadStream>();
        var stage = _connection.LastSender;
        stage.Tell(new StreamDataReceived(4, [4, 5], Fin: true));
        Assert.Equal(new byte[] { 4, 5 }, reader.Next(TimeSpan.FromSeconds(3)).ToArray());
        Assert.True(reader.Completion.Task.Wait(TimeSpan.FromSeconds(3)), "the FIN completes the source");
        _connection.ExpectNoMsg(Quiet); // no STOP_SENDING after a clean end
    }

    [Fact]
    public void Incoming_completes_on_an_empty_fin()
    {
        var reader = Read(new QuicStream(Connection(), 0));
        reader.Request();
        _connection.ExpectMsg<ReadStream>();
        _connection.Reply(new StreamDataReceived(0, [], Fin: true));
        Assert.True(reader.Completion.Task.Wait(TimeSpan.FromSeconds(3)));
        Assert.Equal(0, reader.Elements.Count);
    }

    [Fact]
    public void Incoming_fails_with_the_peers_code_on_reset()
    {
        var reader = Read(new QuicStream(Connection(), 0));
        reader.Request();
        _connection.ExpectMsg<ReadStream>();
        _connection.Reply(new StreamResetReceived(0, 77));
        var error = Assert.IsType<QuicException>(Assert.Throws<AggregateException>(() => reader.Completion.Task.Wait(TimeSpan.FromSeconds(3))).InnerException);
        Assert.Equal(QuicError.StreamAborted, error.QuicError);
        Assert.Equal(77, error.ApplicationErrorCode);
    }

    [Fact]
    public void Incoming_fails_when_the_connection_ends_during_a_read()
    {
        var reader = Read(new QuicStream(Connection(), 0));
        reader.Request();
        _connection.ExpectMsg<ReadStream>();
        _connection.Reply(new StreamAborted(0, new CloseInfo(CloseSource.Peer, 9, true, 0, "bye")));
        var error = Assert.IsType<QuicException>(Assert.Throws<AggregateException>(() => reader.Completion.Task.Wait(TimeSpan.FromSeconds(3))).InnerException);
        Assert.Equal(QuicError.ConnectionAborted, error.QuicError);
        Assert.Equal(9, error.ApplicationErrorCode);
    }

    [Fact]
    public void Incoming_fails_when_the_connection_actor_stops()
    {
        var connection = Sys.ActorOf(Props.Create(() => new BlackHole()));
        var quic = new QuicConnection(connection, false, new IPEndPoint(IPAddress.Loopback, 1), new IPEndPoint(IPAddress.Loopback, 2),
            QuicStreamSettings.Default, 0, 4);
        var reader = new QuicStream(quic, 0).Incoming.RunWith(new ManualSink<ByteString>(), _materializer);
        reader.Request();
        Sys.Stop(connection);
        var error = Assert.IsType<QuicException>(Assert.Throws<AggregateException>(() => reader.Completion.Task.Wait(TimeSpan.FromSeconds(3))).InnerException);
        Assert.Equal(QuicError.ConnectionAborted, error.QuicError);
    }

    [Fact]
    public void Cancelling_incoming_sends_stop_reading_with_the_default_code()
    {
        var reader = Read(new QuicStream(Connection(defaultCode: 5), 8));
        reader.Cancel();
        Assert.Equal(new StopReading(8, 5), _connection.ExpectMsg<StopReading>());
    }

    [Fact]
    public void Outgoing_keeps_at_most_the_window_unreleased()
    {
        var stream = new QuicStream(Connection(window: 1000), 0);
        var chunks = Enumerable.Range(0, 6).Select(i => ByteString.FromBytes(Enumerable.Repeat((byte)i, 400).ToArray())).ToList();
        Source.From(chunks).RunWith(stream.Outgoing, _materializer);

        // Pulls while unreleased < 1000: 0 → 400 → 800 → 1200, then waits.
        for (int i = 0; i < 3; i++)
        {
            var write = _connection.ExpectMsg<WriteStream>();
            Assert.Equal(chunks[i].ToArray(), write.Data);
            Assert.False(write.Fin);
        }
        var stage = _connection.LastSender;
        _connection.ExpectNoMsg(Quiet);

        stage.Tell(new StreamWriteReleased(0, 100)); // 1100 unreleased: still over
        _connection.ExpectNoMsg(Quiet);
        stage.Tell(new StreamWriteReleased(0, 300)); // 800: one more
        Assert.Equal(chunks[3].ToArray(), _connection.ExpectMsg<WriteStream>().Data);
        _connection.ExpectNoMsg(Quiet);
        stage.Tell(new StreamWriteReleased(0, 1200)); // 0: the last two
        Assert.Equal(chunks[4].ToArray(), _connection.ExpectMsg<WriteStream>().Data);
        Assert.Equal(chunks[5].ToArray(), _connection.ExpectMsg<WriteStream>().Data);
        Assert.True(_connection.ExpectMsg<WriteStream>().Fin);
    }

    [Fact]
    public void Completing_outgoing_sends_fin_and_the_task_waits_for_write_completed()
    {
        var stream = new QuicStream(Connection(), 4);
        var done = Source.Single(ByteString.FromString("hi")).RunWith(stream.Outgoing, _materializer);
        Assert.Equal("hi", System.Text.Encoding.ASCII.GetString(_connection.ExpectMsg<WriteStream>().Data));
        var fin = _connection.ExpectMsg<WriteStream>();
        Assert.Equal(new WriteStream(4, fin.Data, true), fin);
        Assert.Empty(fin.Data);
        Assert.False(done.Wait(Quiet), "not done before the peer acknowledged everything");
        _connection.Reply(new StreamWriteCompleted(4));
        Assert.True(done.Wait(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Failing_upstream_resets_the_stream_with_the_default_code()
    {
        var stream = new QuicStream(Connection(defaultCode: 3), 0);
        var done = Source.Failed<ByteString>(new InvalidOperationException("boom")).RunWith(stream.Outgoing, _materializer);
        Assert.Equal(new ResetStream(0, 3), _connection.ExpectMsg<ResetStream>());
        var error = Assert.Throws<AggregateException>(() => done.Wait(TimeSpan.FromSeconds(3)));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Stop_sending_from_the_peer_fails_the_sink_and_cancels_upstream()
    {
        var stream = new QuicStream(Connection(window: 10), 0);
        var upstreamDone = new TaskCompletionSource();
        var done = Source.Repeat(ByteString.FromBytes(new byte[20]))
            .WatchTermination((_, t) => { t.ContinueWith(_ => upstreamDone.TrySetResult()); return Akka.NotUsed.Instance; })
            .RunWith(stream.Outgoing, _materializer);
        _connection.ExpectMsg<WriteStream>();
        _connection.Reply(new StreamStopSendingReceived(0, 42));
        var error = Assert.IsType<QuicException>(Assert.Throws<AggregateException>(() => done.Wait(TimeSpan.FromSeconds(3))).InnerException);
        Assert.Equal(QuicError.StreamAborted, error.QuicError);
        Assert.Equal(42, error.ApplicationErrorCode);
        Assert.True(upstreamDone.Task.Wait(TimeSpan.FromSeconds(3)), "the producer is cancelled");
        _connection.ExpectNoMsg(Quiet); // the connection already sent RESET_STREAM: no second one
    }

    [Fact]
    public void Abort_write_resets_and_fails_the_running_sink()
    {
        var stream = new QuicStream(Connection(window: 10), 0);
        var done = Source.Repeat(ByteString.FromBytes(new byte[20])).RunWith(stream.Outgoing, _materializer);
        _connection.ExpectMsg<WriteStream>();
        stream.Abort(QuicAbortDirection.Write, 11);
        Assert.Equal(new ResetStream(0, 11), _connection.ExpectMsg<ResetStream>());
        var error = Assert.IsType<QuicException>(Assert.Throws<AggregateException>(() => done.Wait(TimeSpan.FromSeconds(3))).InnerException);
        Assert.Equal(QuicError.OperationAborted, error.QuicError);
        _connection.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Stream_kinds_follow_the_id_bits()
    {
        var client = Connection();
        Assert.True(new QuicStream(client, 0).CanRead && new QuicStream(client, 0).CanWrite);
        var ourUni = new QuicStream(client, 2); // client-initiated unidirectional
        Assert.True(ourUni.IsLocal && ourUni.CanWrite && !ourUni.CanRead);
        Assert.Throws<InvalidOperationException>(() => ourUni.Incoming);
        var theirUni = new QuicStream(client, 3); // server-initiated unidirectional
        Assert.True(!theirUni.IsLocal && theirUni.CanRead && !theirUni.CanWrite);
        Assert.Throws<InvalidOperationException>(() => theirUni.Outgoing);
        Assert.Throws<ArgumentOutOfRangeException>(() => theirUni.Abort(QuicAbortDirection.Read, -1));
    }

    private sealed class BlackHole : ReceiveActor
    {
        public BlackHole() => ReceiveAny(_ => { });
    }
}
