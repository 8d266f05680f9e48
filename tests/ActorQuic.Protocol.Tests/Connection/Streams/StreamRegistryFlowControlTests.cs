using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using static ActorQuic.Protocol.Tests.Connection.Streams.RegistryTestKit;

namespace ActorQuic.Protocol.Tests.Connection.Streams;

public class StreamRegistryFlowControlTests
{
    [Fact]
    public void Out_of_order_chunks_are_reassembled_and_announced_when_contiguous()
    {
        using var server = Server(Parameters(uni: 1000));
        server.OnStream(Stream(2, 60, 40, fin: true));
        server.OnStream(Stream(2, 20, 20));
        Assert.Equal([StreamRegistryEvent.StreamOpenedByPeer(Id(2), 0)], server.Events()); // nothing readable yet
        Assert.Equal(0, server.Read(Id(2), new byte[10]));

        server.OnStream(Stream(2, 0, 30)); // overlaps [20, 30)
        Assert.Equal([StreamRegistryEvent.StreamDataAvailable(Id(2), 40, fin: false)], server.Events());
        server.OnStream(Stream(2, 35, 30)); // fills the gap
        server.OnStream(Stream(2, 35, 30)); // duplicate: no news
        Assert.Equal([StreamRegistryEvent.StreamDataAvailable(Id(2), 100, fin: true)], server.Events());
        Assert.Equal(ReceiveStreamState.DataRecvd, server.GetReceiveState(Id(2)));
        Assert.Equal(Pattern(2, 0, 100), server.ReadAll(2));
        Assert.True(server.IsClosed(Id(2)));
        Assert.Equal(100UL, server.ConnectionBytesReceived);
    }

    [Fact]
    public void Undrained_data_events_are_refreshed_rather_than_repeated()
    {
        using var server = Server();
        server.OnStream(Stream(2, 0, 10));
        server.OnStream(Stream(2, 10, 10));
        server.OnStream(Stream(2, 20, 5, fin: true));
        var events = server.Events();
        Assert.Equal([StreamRegistryEvent.StreamOpenedByPeer(Id(2), 0), StreamRegistryEvent.StreamDataAvailable(Id(2), 25, fin: true)], events);
    }

    [Fact]
    public void Credit_is_granted_only_as_data_is_consumed()
    {
        // RFC 9000 §4.2: a slow reader holds the peer back.
        using var server = Server(Parameters(maxData: 1000, uni: 100));
        server.OnStream(Stream(2, 0, 100));
        Assert.Empty(server.Controls());
        var ex = Fails(() => server.OnStream(Stream(2, 100, 1)));
        Assert.Equal(TransportErrorCode.FlowControlError, ex.ErrorCode);
        Assert.Equal((ulong)FrameType.Stream | 0x04 | 0x02, ex.FrameType);

        using var s = Server(Parameters(maxData: 1000, uni: 100));
        s.OnStream(Stream(2, 0, 100));
        Assert.Equal(49, s.Read(Id(2), new byte[49]));
        Assert.Empty(s.Controls()); // less than half the window consumed
        var span = s.GetReadable(Id(2));
        Assert.True(span.Length >= 1);
        Assert.Equal(PatternByte(2, 49), span[0]);
        s.Consume(Id(2), 1);
        Assert.Equal([StreamControlFrame.MaxStreamData(2, 150)], s.Controls());
        Assert.Equal(150UL, s.GetStreamReceiveLimit(Id(2)));
        s.OnStream(Stream(2, 100, 50)); // the new credit is usable
        Assert.Equal(TransportErrorCode.FlowControlError, Fails(() => s.OnStream(Stream(2, 150, 1))).ErrorCode);
    }

    [Fact]
    public void A_slow_stream_is_held_back_while_another_streams_reads_free_connection_credit()
    {
        using var server = Server(Parameters(maxData: 300, uni: 200));
        server.OnStream(Stream(2, 0, 150)); // A: never read
        server.OnStream(Stream(6, 0, 150)); // B: the connection window is now full
        Assert.Equal(TransportErrorCode.FlowControlError, Fails(() => server.OnStream(Stream(10, 0, 1))).ErrorCode);

        using var s = Server(Parameters(maxData: 300, uni: 200));
        s.OnStream(Stream(2, 0, 150));
        s.OnStream(Stream(6, 0, 150));
        Assert.Equal(Pattern(6, 0, 150), s.ReadAll(6));
        var controls = s.Controls();
        Assert.Contains(StreamControlFrame.MaxStreamData(6, 350), controls);
        Assert.Contains(StreamControlFrame.MaxData(450), controls);
        Assert.DoesNotContain(controls, f => f.Kind == StreamControlFrameKind.MaxStreamData && f.StreamId == 2);
        Assert.Equal(200UL, s.GetStreamReceiveLimit(Id(2)));
        // A is capped by its own window even though the connection has room.
        s.OnStream(Stream(2, 150, 50));
        Assert.Equal(TransportErrorCode.FlowControlError, Fails(() => s.OnStream(Stream(2, 200, 1))).ErrorCode);
    }

    [Fact]
    public void Retransmitted_and_overlapping_data_counts_once_against_the_connection()
    {
        // RFC 9000 §4.1: the largest offset per stream is what counts.
        using var server = Server(Parameters(maxData: 120, uni: 100));
        server.OnStream(Stream(2, 0, 100));
        server.OnStream(Stream(2, 0, 100));
        server.OnStream(Stream(2, 50, 50));
        server.OnStream(Stream(6, 10, 10)); // a gap counts too: highest offset 20
        Assert.Equal(120UL, server.ConnectionBytesReceived);
        Assert.Equal(TransportErrorCode.FlowControlError, Fails(() => server.OnStream(Stream(6, 20, 1))).ErrorCode);
    }

    [Fact]
    public void Final_size_rules_are_enforced()
    {
        // RFC 9000 §4.5.
        Assert.Equal(TransportErrorCode.FinalSizeError, Fails(() =>
        {
            var s = Server();
            s.OnStream(Stream(2, 0, 10, fin: true));
            s.OnStream(Stream(2, 5, 10));
        }).ErrorCode);
        Assert.Equal(TransportErrorCode.FinalSizeError, Fails(() =>
        {
            var s = Server();
            s.OnStream(Stream(2, 0, 10, fin: true));
            s.OnStream(Stream(2, 8, 4, fin: true));
        }).ErrorCode);
        Assert.Equal(TransportErrorCode.FinalSizeError, Fails(() =>
        {
            var s = Server();
            s.OnStream(Stream(2, 10, 10));
            s.OnStream(Stream(2, 0, 5, fin: true));
        }).ErrorCode);
        var reset = Fails(() =>
        {
            var s = Server();
            s.OnStream(Stream(2, 0, 10, fin: true));
            s.OnResetStream(new ResetStreamFrame(2, 0, 12));
        });
        Assert.Equal(TransportErrorCode.FinalSizeError, reset.ErrorCode);
        Assert.Equal((ulong)FrameType.ResetStream, reset.FrameType);
        Assert.Equal(TransportErrorCode.FinalSizeError, Fails(() =>
        {
            var s = Server();
            s.OnStream(Stream(2, 0, 30));
            s.OnResetStream(new ResetStreamFrame(2, 0, 20));
        }).ErrorCode);
        // After a reset the final size still binds while the stream is remembered (our sending
        // part of bidirectional stream 0 keeps it open); a forgotten stream ignores late frames.
        Assert.Equal(TransportErrorCode.FinalSizeError, Fails(() =>
        {
            var s = Server(peer: Parameters());
            s.OnResetStream(new ResetStreamFrame(0, 0, 20));
            s.OnStream(Stream(0, 15, 10));
        }).ErrorCode);

        // The same FIN again, or data below it, is fine.
        using var ok = Server();
        ok.OnStream(Stream(2, 0, 10, fin: true));
        ok.OnStream(Stream(2, 5, 5, fin: true));
        ok.OnStream(Stream(2, 0, 3));
        Assert.Equal(10, ok.ReadAll(2).Length);
    }

    [Fact]
    public void Reset_stream_reports_discards_and_returns_connection_credit()
    {
        using var server = Server(Parameters(maxData: 100, uni: 100));
        server.OnStream(Stream(2, 0, 30));
        server.Events();
        server.OnResetStream(new ResetStreamFrame(2, 42, 80));
        Assert.Equal(
            [StreamRegistryEvent.StreamResetByPeer(Id(2), 42, 80), StreamRegistryEvent.StreamClosed(Id(2))],
            server.Events());
        // RFC 9000 §4.5: the final size counts against the connection, and the unread bytes are
        // released, so MAX_DATA moves without the application reading anything.
        Assert.Equal(80UL, server.ConnectionBytesReceived);
        Assert.Equal(80UL, server.ConnectionBytesConsumed);
        Assert.Equal([StreamControlFrame.MaxData(180)], server.Controls());
        Assert.Equal(0, server.Read(Id(2), new byte[10], out bool finished));
        Assert.True(finished);
        server.OnResetStream(new ResetStreamFrame(2, 42, 80)); // duplicate, stream forgotten
        Assert.Empty(server.Events());
    }

    [Fact]
    public void Reset_final_size_is_checked_against_flow_control()
    {
        Assert.Equal(TransportErrorCode.FlowControlError,
            Fails(() => Server(Parameters(uni: 100)).OnResetStream(new ResetStreamFrame(2, 0, 101))).ErrorCode);
        Assert.Equal(TransportErrorCode.FlowControlError, Fails(() =>
        {
            var s = Server(Parameters(maxData: 150, uni: 100));
            s.OnStream(Stream(2, 0, 100));
            s.OnResetStream(new ResetStreamFrame(6, 0, 51));
        }).ErrorCode);
    }

    [Fact]
    public void Reset_after_all_data_arrived_is_ignored_and_the_data_delivered()
    {
        // RFC 9000 §3.2: "Data Recvd" may ignore RESET_STREAM.
        using var server = Server();
        server.OnStream(Stream(2, 0, 20, fin: true));
        server.Events();
        server.OnResetStream(new ResetStreamFrame(2, 1, 20));
        Assert.Empty(server.Events());
        Assert.Equal(Pattern(2, 0, 20), server.ReadAll(2));
    }

    [Fact]
    public void Stop_reading_sends_stop_sending_drops_data_and_keeps_counting()
    {
        using var server = Server(Parameters(maxData: 100, uni: 100));
        server.OnStream(Stream(2, 0, 60));
        server.Events();
        server.StopReading(Id(2), 99);
        // RFC 9000 §3.5, §4.4: STOP_SENDING, and the buffered bytes no longer hold connection credit.
        var controls = server.Controls();
        Assert.Equal(StreamControlFrame.StopSending(2, 99), controls[0]);
        Assert.Contains(StreamControlFrame.MaxData(160), controls);
        Assert.Equal(0, server.Read(Id(2), new byte[10], out bool finished));
        Assert.True(finished);
        Assert.Equal(0UL, server.UnconsumedBytes);

        // Data still in flight is validated and counted, never announced.
        server.OnStream(Stream(2, 60, 40));
        Assert.Equal(100UL, server.ConnectionBytesReceived);
        Assert.Equal(0UL, server.UnconsumedBytes);
        Assert.Equal(TransportErrorCode.FlowControlError, Fails(() => server.OnStream(Stream(2, 100, 1))).ErrorCode);
    }

    [Fact]
    public void Stop_reading_ends_with_the_peers_reset_without_a_reset_event()
    {
        using var server = Server(Parameters(uni: 100));
        server.OnStream(Stream(2, 0, 10));
        server.StopReading(Id(2), 5);
        server.Events();
        Assert.Equal([StreamControlFrame.StopSending(2, 5)], server.Controls());

        server.OnResetStream(new ResetStreamFrame(2, 5, 30));
        Assert.Equal([StreamRegistryEvent.StreamClosed(Id(2))], server.Events());
        Assert.DoesNotContain(server.Controls(), f => f.Kind == StreamControlFrameKind.StopSending);
    }

    [Fact]
    public void Stop_reading_still_closes_a_stream_the_peer_finishes_instead_of_resetting()
    {
        using var server = Server(Parameters(uni: 100));
        server.OnStream(Stream(2, 50, 20, fin: true));
        server.StopReading(Id(2), 5);
        server.OnStream(Stream(2, 0, 50)); // the gap fills: all data arrived (RFC 9000 §3.2)
        var events = server.Events();
        Assert.Contains(StreamRegistryEvent.StreamClosed(Id(2)), events);
        Assert.DoesNotContain(events, e => e.Kind == StreamRegistryEventKind.StreamDataAvailable);
        Assert.Equal(70UL, server.ConnectionBytesConsumed);
        // A STOP_SENDING that had not gone out yet is moot now.
        Assert.DoesNotContain(server.Controls(), f => f.Kind == StreamControlFrameKind.StopSending);
    }

    [Fact]
    public void Stop_reading_when_all_data_is_already_here_just_discards_it()
    {
        using var server = Server(Parameters(uni: 100));
        server.OnStream(Stream(2, 0, 20, fin: true));
        server.StopReading(Id(2), 5);
        Assert.Empty(server.Controls().FindAll(f => f.Kind == StreamControlFrameKind.StopSending)); // RFC 9000 §3.5
        Assert.Contains(StreamRegistryEvent.StreamClosed(Id(2)), server.Events());
    }

    [Fact]
    public void Auto_tuning_grows_the_window_when_the_reader_keeps_up()
    {
        var options = new StreamRegistryOptions { MaxStreamReceiveWindow = 1600, MaxConnectionReceiveWindow = 1_000_000 };
        using var server = Server(Parameters(maxData: 100_000, uni: 100), options: options);
        var rtt = TimeSpan.FromMilliseconds(100);
        var now = TimeSpan.FromSeconds(1);
        ulong offset = 0, limit = 100;
        var grants = new List<ulong>();
        for (int i = 0; i < 12; i++)
        {
            server.OnStream(Stream(2, offset, (int)(limit - offset)));
            offset = limit;
            server.ReadAll(2);
            now += TimeSpan.FromMilliseconds(10); // updates due well within 2 RTT: the window is the bottleneck
            var controls = new List<StreamControlFrame>();
            server.DrainControlFrames(controls, now, rtt);
            var msd = controls.Find(f => f.Kind == StreamControlFrameKind.MaxStreamData);
            Assert.Equal(2UL, msd.StreamId);
            grants.Add(msd.Value - offset);
            limit = msd.Value;
        }
        Assert.Equal(100UL, grants[0]);
        Assert.Equal(1600UL, grants[^1]); // doubled up to the cap, never beyond
        Assert.All(grants, g => Assert.True(g <= 1600));
    }

    [Fact]
    public void Buffered_bytes_never_exceed_the_connection_window()
    {
        var options = new StreamRegistryOptions { ReceiveBlockSize = 256 };
        using var server = Server(Parameters(maxData: 2000, uni: 1500, streamsUni: 8), options: options);
        var rng = new Random(1234);
        // A hostile but legal peer: sparse bytes all over its credit, nothing ever read.
        ulong used = 0;
        while (used < 2000)
        {
            ulong id = 2 + 4 * (ulong)rng.Next(8);
            ulong offset = (ulong)rng.Next(1500);
            try
            {
                server.OnStream(Stream(id, offset, 1));
            }
            catch (QuicProtocolException ex)
            {
                Assert.Equal(TransportErrorCode.FlowControlError, ex.ErrorCode);
                break;
            }
            used = server.ConnectionBytesReceived;
            Assert.True(server.UnconsumedBytes <= server.ConnectionReceiveWindow);
            Assert.True(server.AllocatedBytes <= (long)server.ConnectionReceiveWindow + 2 * 256 * server.OpenStreamCount);
        }
        Assert.True(server.ConnectionBytesReceived <= 2000);
    }
}
