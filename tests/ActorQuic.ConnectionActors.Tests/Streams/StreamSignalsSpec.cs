using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Connection;
using Akka.Actor;
using static ActorQuic.ConnectionActors.Tests.Streams.StreamFlowControlSpec;

namespace ActorQuic.ConnectionActors.Tests.Streams;

/// <summary>
/// RESET_STREAM and STOP_SENDING reaching the other side's reader and writer with their codes
/// (RFC 9000 §3.5, §19.4, §19.5), the connection's end reaching outstanding requests, DATAGRAM
/// frames (RFC 9221) and GetConnectionInfo.
/// </summary>
public sealed class StreamSignalsSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly LinkImpairments Delay = new() { Delay = TimeSpan.FromMilliseconds(10) };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public StreamSignalsSpec(Xunit.Abstractions.ITestOutputHelper output) : base(ConnectionPair.Config, output: output)
    {
    }

    private static int BytesOn(Collected reads, ulong streamId) =>
        reads.Of<StreamDataReceived>().Where(d => d.StreamId == streamId).Sum(d => d.Data.Length);

    [Fact]
    public void Reset_stream_and_stop_sending_both_ways_reach_the_other_sides_reader_and_writer_with_the_code()
    {
        // Neither app reads on its own: the collectors below are the readers.
        var pair = new ConnectionPair(Sys, seed: 21, Delay, serverReads: _ => false, clientReads: _ => false);
        Established(pair);
        var clientWrites = new Collected();
        var clientWriter = Collector.Create(Sys, clientWrites, "client-writer");
        var clientReads = new Collected();
        var clientReader = Collector.Create(Sys, clientReads, "client-reader", ReadLoop.Continue);
        var serverWrites = new Collected();
        var serverWriter = Collector.Create(Sys, serverWrites, "server-writer");
        var serverReads = new Collected();
        var serverReader = Collector.Create(Sys, serverReads, "server-reader", ReadLoop.Continue);
        var server = pair.Server!;

        // Client → server RESET_STREAM: the server's waiting reader hears the code.
        pair.Client.Tell(new WriteStream(0, Payload(1, 5000), Fin: false), clientWriter);
        Assert.True(pair.RunUntil(() => pair.ServerLog.All.Contains(new StreamAccepted(0)), Patience));
        server.Tell(new ReadStream(0, ReadLoop.ChunkSize), serverReader);
        Assert.True(pair.RunUntil(() => BytesOn(serverReads, 0) == 5000, Patience));
        pair.Client.Tell(new ResetStream(0, 77));
        Assert.True(pair.RunUntil(() => serverReads.Of<StreamResetReceived>().Count > 0, Patience), pair.Describe());
        Assert.Equal([new StreamResetReceived(0, 77)], serverReads.Of<StreamResetReceived>());

        // Server → client STOP_SENDING: the client's writer hears the code; its stream was reset with it (§3.5).
        pair.Client.Tell(new WriteStream(4, Payload(2, 3000), Fin: false), clientWriter);
        Assert.True(pair.RunUntil(() => pair.ServerLog.All.Contains(new StreamAccepted(4)), Patience));
        server.Tell(new StopReading(4, 99));
        Assert.True(pair.RunUntil(() => clientWrites.Of<StreamStopSendingReceived>().Count > 0, Patience), pair.Describe());
        Assert.Equal([new StreamStopSendingReceived(4, 99)], clientWrites.Of<StreamStopSendingReceived>());
        pair.Client.Tell(new WriteStream(4, Payload(3, 100), Fin: true), clientWriter); // after the reset: ignored, no failure

        // Server → client RESET_STREAM on the server's unidirectional stream.
        server.Tell(new OpenStream(Bidirectional: false), serverWriter);
        var uni = Assert.Single(serverWrites.Of<StreamOpened>()).StreamId;
        Assert.Equal(3UL, uni);
        server.Tell(new WriteStream(uni, Payload(4, 2000), Fin: false), serverWriter);
        Assert.True(pair.RunUntil(() => pair.ClientLog.All.Contains(new StreamAccepted(uni)), Patience));
        pair.Client.Tell(new ReadStream(uni, ReadLoop.ChunkSize), clientReader);
        Assert.True(pair.RunUntil(() => BytesOn(clientReads, uni) == 2000, Patience));
        server.Tell(new ResetStream(uni, 55));
        Assert.True(pair.RunUntil(() => clientReads.Of<StreamResetReceived>().Count > 0, Patience), pair.Describe());
        Assert.Equal([new StreamResetReceived(uni, 55)], clientReads.Of<StreamResetReceived>());

        // Client → server STOP_SENDING on the server's bidirectional stream.
        server.Tell(new OpenStream(Bidirectional: true), serverWriter);
        var bidi = serverWrites.Of<StreamOpened>()[1].StreamId;
        Assert.Equal(1UL, bidi);
        server.Tell(new WriteStream(bidi, Payload(5, 2000), Fin: false), serverWriter);
        Assert.True(pair.RunUntil(() => pair.ClientLog.All.Contains(new StreamAccepted(bidi)), Patience));
        pair.Client.Tell(new StopReading(bidi, 66));
        Assert.True(pair.RunUntil(() => serverWrites.Of<StreamStopSendingReceived>().Count > 0, Patience), pair.Describe());
        Assert.Equal([new StreamStopSendingReceived(bidi, 66)], serverWrites.Of<StreamStopSendingReceived>());

        // A write on the peer's unidirectional stream is ignored, not a failure.
        pair.Client.Tell(new WriteStream(uni, Payload(6, 10), Fin: true), clientWriter);
        // So is one to a stream of ours that is not the next to open, and a read on our own unidirectional stream is refused.
        pair.Client.Tell(new WriteStream(400, Payload(6, 10), Fin: true), clientWriter);
        pair.Client.Tell(new ReadStream(2, 100), clientReader);
        Assert.Equal(2UL, Assert.Single(clientReads.Of<StreamAborted>()).StreamId);
        pair.RunUntil(() => false, TimeSpan.FromMilliseconds(200));
        Assert.DoesNotContain(pair.ServerLog.All.OfType<StreamAccepted>(), a => a.StreamId is 400 or 2);
        Assert.Null(pair.ClientLog.Terminated);
        Assert.Null(pair.ServerLog.Terminated);
    }

    [Fact]
    public void Closing_the_connection_aborts_outstanding_reads_writes_and_opens()
    {
        var serverParameters = ConnectionOptions.DefaultParameters with { InitialMaxStreamsBidi = 1 };
        var pair = new ConnectionPair(Sys, seed: 22, Delay, serverParameters: serverParameters);
        Established(pair);
        var got = new Collected();
        var app = Collector.Create(Sys, got, "app");

        pair.Client.Tell(new OpenStream(Bidirectional: true), app);
        pair.Client.Tell(new OpenStream(Bidirectional: true), app); // beyond MAX_STREAMS 1: waits
        Assert.Equal([new StreamOpened(0)], got.Of<StreamOpened>());
        pair.Client.Tell(new ReadStream(0, 1000), app); // nothing to read yet: waits
        pair.Client.Tell(new WriteStream(0, Payload(7, 500), Fin: false), app);
        Assert.True(pair.RunUntil(() => pair.ServerLog.StreamBytes(0).Length == 500, Patience));
        Assert.Empty(got.Of<StreamOpenFailed>());
        Assert.Empty(got.Of<StreamAborted>());

        pair.Client.Tell(new CloseConnection(5, "bye"));
        Assert.True(pair.RunUntil(() => pair.ClientLog.Closed is not null && pair.ServerLog.Closed is not null, Patience), pair.Describe());
        // The reader and the writer of stream 0 (the same actor here), and the waiting open.
        var aborted = got.Of<StreamAborted>();
        Assert.Equal(2, aborted.Count);
        Assert.All(aborted, a =>
        {
            Assert.Equal(0UL, a.StreamId);
            Assert.Equal(CloseSource.Local, a.Info.Source);
            Assert.Equal(5UL, a.Info.ErrorCode);
        });
        Assert.Single(got.Of<StreamOpenFailed>());
        // The server's app was waiting to read stream 0 too: it hears the peer's close.
        var serverAborted = Assert.Single(pair.ServerLog.All.OfType<StreamAborted>());
        Assert.Equal(CloseSource.Peer, serverAborted.Info.Source);
        Assert.Equal("bye", serverAborted.Info.Reason);
    }

    [Fact]
    public void Requests_after_the_end_are_answered_at_once()
    {
        var pair = new ConnectionPair(Sys, seed: 23, Delay);
        Established(pair);
        var got = new Collected();
        var app = Collector.Create(Sys, got, "app");
        pair.Client.Tell(new CloseConnection(0, "done"));
        Assert.True(pair.RunUntil(() => pair.ClientLog.Terminated is not null, Patience));
        pair.Client.Tell(new OpenStream(Bidirectional: false), app);
        pair.Client.Tell(new ReadStream(1, 100), app);
        Assert.Single(got.Of<StreamOpenFailed>());
        Assert.Equal(1UL, Assert.Single(got.Of<StreamAborted>()).StreamId);
    }

    [Fact]
    public void Datagrams_reach_the_peers_owner_and_connection_info_describes_the_connection()
    {
        var pair = new ConnectionPair(Sys, seed: 24, Delay);
        Established(pair);
        byte[] payload = Payload(8, 300);
        pair.Client.Tell(new SendDatagram(payload));
        pair.Server!.Tell(new SendDatagram(Payload(9, 50)));
        Assert.True(pair.RunUntil(() => pair.ServerLog.All.OfType<DatagramFrameReceived>().Any()
            && pair.ClientLog.All.OfType<DatagramFrameReceived>().Any(), Patience), pair.Describe());
        Assert.Equal(payload, Assert.Single(pair.ServerLog.All.OfType<DatagramFrameReceived>()).Data);
        Assert.Equal(Payload(9, 50), Assert.Single(pair.ClientLog.All.OfType<DatagramFrameReceived>()).Data);

        pair.Client.Tell(new WriteStream(0, Payload(10, 10), Fin: false), ActorRefs.NoSender);
        var task = pair.Client.Ask<ConnectionInfo>(GetConnectionInfo.Instance, Patience);
        Assert.True(task.Wait(Patience));
        var info = task.Result;
        Assert.Equal(ConnectionPair.ServerAddress, info.Remote);
        Assert.Equal("hq-interop", info.ApplicationProtocol);
        Assert.Equal(pair.ServerCertificate.Thumbprint, Assert.Single(info.PeerCertificates).Thumbprint);
        Assert.Equal(1, info.OpenStreams);
        Assert.True(info.Established);
    }

    [Fact]
    public void Datagrams_are_dropped_when_the_peer_did_not_offer_max_datagram_frame_size_or_they_exceed_it()
    {
        // RFC 9221 §3: without the client's transport parameter the server must not send DATAGRAM frames.
        var clientParameters = ConnectionOptions.DefaultParameters with { MaxDatagramFrameSize = null };
        var serverParameters = ConnectionOptions.DefaultParameters with { MaxDatagramFrameSize = 100 };
        var pair = new ConnectionPair(Sys, seed: 25, Delay, serverParameters: serverParameters, clientParameters: clientParameters);
        Established(pair);
        pair.Server!.Tell(new SendDatagram(Payload(11, 50)));
        pair.Client.Tell(new SendDatagram(Payload(12, 200))); // beyond the server's 100
        pair.Client.Tell(new SendDatagram(Payload(13, 90)));  // fits: type, length and 90 bytes
        Assert.True(pair.RunUntil(() => pair.ServerLog.All.OfType<DatagramFrameReceived>().Any(), Patience), pair.Describe());
        pair.RunUntil(() => false, TimeSpan.FromMilliseconds(200));
        Assert.Equal(Payload(13, 90), Assert.Single(pair.ServerLog.All.OfType<DatagramFrameReceived>()).Data);
        Assert.Empty(pair.ClientLog.All.OfType<DatagramFrameReceived>());
        Assert.Null(pair.ClientLog.Terminated);
        Assert.Null(pair.ServerLog.Terminated);
    }
}
