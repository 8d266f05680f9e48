using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using static ActorQuic.Protocol.Tests.Connection.Streams.RegistryTestKit;

namespace ActorQuic.Protocol.Tests.Connection.Streams;

public class StreamRegistryLifecycleTests
{
    [Fact]
    public void A_frame_for_stream_8_opens_0_and_4_first()
    {
        // RFC 9000 §3.2: opening a stream opens every lower-numbered stream of its type.
        using var server = Server(peer: Parameters(bidiLocal: 500));
        server.Events();
        server.OnStream(Stream(8, 0, 5));

        var events = server.Events();
        Assert.Equal(
            [
                StreamRegistryEvent.StreamOpenedByPeer(Id(0), 500),
                StreamRegistryEvent.StreamOpenedByPeer(Id(4), 500),
                StreamRegistryEvent.StreamOpenedByPeer(Id(8), 500),
                StreamRegistryEvent.StreamDataAvailable(Id(8), 5, fin: false),
            ],
            events);
        Assert.True(server.IsOpen(Id(0)) && server.IsOpen(Id(4)) && server.IsOpen(Id(8)));
        Assert.False(server.IsOpen(Id(12)));
        Assert.Equal(3UL, server.GetOpenPeerStreamCount(StreamDirection.Bidirectional));
        Assert.Equal(0UL, server.GetOpenPeerStreamCount(StreamDirection.Unidirectional));

        // Opened streams are real: the lower ones accept data too, without a second open event.
        server.OnStream(Stream(4, 0, 3, fin: true));
        Assert.Equal([StreamRegistryEvent.StreamDataAvailable(Id(4), 3, fin: true)], server.Events());
    }

    [Theory]
    [InlineData(StreamInitiator.Server, 6UL)]   // client uni, index 1
    [InlineData(StreamInitiator.Client, 7UL)]   // server uni, index 1
    public void Unidirectional_peer_streams_open_implicitly_as_well(StreamInitiator role, ulong id)
    {
        using var registry = role == StreamInitiator.Server ? Server() : Client();
        registry.OnResetStream(new ResetStreamFrame(id, 3, 0));
        var events = registry.Events();
        Assert.Equal(StreamRegistryEventKind.StreamOpenedByPeer, events[0].Kind);
        Assert.Equal(id - 4, events[0].StreamId.Value);
        Assert.Equal(0UL, events[0].Value); // a unidirectional peer stream has no sending part here
        Assert.Contains(StreamRegistryEvent.StreamResetByPeer(Id(id), 3, 0), events);
    }

    [Fact]
    public void Streams_beyond_our_max_streams_are_a_stream_limit_error()
    {
        // RFC 9000 §4.6: index 3 with a limit of 3 streams.
        using var server = Server(Parameters(streamsBidi: 3, streamsUni: 1));
        server.OnStream(Stream(8, 0, 1)); // index 2: fine
        Assert.Equal(TransportErrorCode.StreamLimitError, Fails(() => server.OnStream(Stream(12, 0, 1))).ErrorCode);

        // Every frame that can open a stream is checked, in both directions.
        using var s2 = Server(Parameters(streamsBidi: 3, streamsUni: 1));
        Assert.Equal(TransportErrorCode.StreamLimitError, Fails(() => s2.OnMaxStreamData(new MaxStreamDataFrame(12, 10))).ErrorCode);
        using var s3 = Server(Parameters(streamsBidi: 3, streamsUni: 1));
        Assert.Equal(TransportErrorCode.StreamLimitError, Fails(() => s3.OnStopSending(new StopSendingFrame(12, 1))).ErrorCode);
        using var s4 = Server(Parameters(streamsBidi: 3, streamsUni: 1));
        s4.OnStream(Stream(2, 0, 1));
        var ex = Fails(() => s4.OnResetStream(new ResetStreamFrame(6, 0, 0)));
        Assert.Equal(TransportErrorCode.StreamLimitError, ex.ErrorCode);
        Assert.Equal((ulong)FrameType.ResetStream, ex.FrameType);
        using var s5 = Server(Parameters(streamsUni: 0));
        Assert.Equal(TransportErrorCode.StreamLimitError, Fails(() => s5.OnStreamDataBlocked(new StreamDataBlockedFrame(2, 0))).ErrorCode);
    }

    [Fact]
    public void Frames_against_a_streams_direction_are_stream_state_errors()
    {
        // RFC 9000 §19.4, §19.5, §19.8, §19.10, §19.13 — seen from the server.
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => WithOwnUni().OnStream(Stream(3, 0, 1))).ErrorCode);
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => WithOwnUni().OnResetStream(new ResetStreamFrame(3, 0, 0))).ErrorCode);
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => WithOwnUni().OnStreamDataBlocked(new StreamDataBlockedFrame(3, 0))).ErrorCode);
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => Server().OnMaxStreamData(new MaxStreamDataFrame(2, 50))).ErrorCode);
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => Server().OnStopSending(new StopSendingFrame(2, 1))).ErrorCode);

        static StreamRegistry WithOwnUni()
        {
            var server = Server(peer: Parameters());
            Assert.True(server.TryOpenStream(bidirectional: false, out var id));
            Assert.Equal(3UL, id.Value);
            return server;
        }
    }

    [Fact]
    public void Frames_for_our_streams_we_have_not_opened_are_stream_state_errors()
    {
        // RFC 9000 §19.8, §19.10, §19.5: the peer cannot open our streams.
        using var server = Server(peer: Parameters());
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => server.OnStream(Stream(1, 0, 1))).ErrorCode);
        using var s2 = Server(peer: Parameters());
        Assert.True(s2.TryOpenStream(true, out var first));
        Assert.Equal(1UL, first.Value);
        s2.OnMaxStreamData(new MaxStreamDataFrame(1, 1000)); // opened: fine
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => s2.OnMaxStreamData(new MaxStreamDataFrame(5, 1000))).ErrorCode);
        using var client = Client(peer: Parameters());
        Assert.Equal(TransportErrorCode.StreamStateError, Fails(() => client.OnStopSending(new StopSendingFrame(0, 1))).ErrorCode);
    }

    [Fact]
    public void The_next_stream_id_is_the_one_try_open_stream_assigns()
    {
        using var client = Client(peer: Parameters(streamsBidi: 2, streamsUni: 1));
        Assert.Equal(0UL, client.GetNextStreamId(true).Value);
        Assert.Equal(2UL, client.GetNextStreamId(false).Value);
        Assert.True(client.TryOpenStream(true, out var a));
        Assert.Equal(a.Value + 4, client.GetNextStreamId(true).Value);
        Assert.True(client.TryOpenStream(false, out var u));
        Assert.Equal(2UL, u.Value);
        Assert.False(client.TryOpenStream(false, out _));
        Assert.Equal(6UL, client.GetNextStreamId(false).Value); // a failed open assigns nothing

        using var server = Server();
        Assert.Equal(1UL, server.GetNextStreamId(true).Value);
        Assert.Equal(3UL, server.GetNextStreamId(false).Value);
    }

    [Fact]
    public void Opening_local_streams_follows_the_peers_max_streams_and_signals_streams_blocked()
    {
        using var client = Client();
        Assert.False(client.TryOpenStream(true, out _)); // peer parameters unknown: limit 0
        Assert.Equal([StreamControlFrame.StreamsBlocked(true, 0)], client.Controls());

        client.OnPeerTransportParameters(Parameters(maxData: 5000, bidiRemote: 300, streamsBidi: 2, streamsUni: 0));
        var events = client.Events();
        Assert.Contains(StreamRegistryEvent.PeerStreamsLimitRaised(true, 2), events);
        Assert.Contains(StreamRegistryEvent.PeerConnectionCreditRaised(5000), events);

        Assert.True(client.TryOpenStream(true, out var a));
        Assert.True(client.TryOpenStream(true, out var b));
        Assert.Equal((0UL, 4UL), (a.Value, b.Value));
        Assert.Equal(300UL, client.GetPeerInitialMaxStreamData(a)); // the peer's bidi_remote applies to our streams
        Assert.False(client.TryOpenStream(true, out _));
        Assert.False(client.TryOpenStream(true, out _));
        // RFC 9000 §19.14: once per limit value.
        Assert.Equal([StreamControlFrame.StreamsBlocked(true, 2)], client.Controls());
        Assert.Empty(client.Controls());

        client.OnMaxStreams(new MaxStreamsFrame(true, 3));
        client.OnMaxStreams(new MaxStreamsFrame(true, 3)); // not a raise: ignored
        client.OnMaxStreams(new MaxStreamsFrame(true, 1));
        Assert.Equal([StreamRegistryEvent.PeerStreamsLimitRaised(true, 3)], client.Events());
        Assert.True(client.TryOpenStream(true, out var c));
        Assert.Equal(8UL, c.Value);
        Assert.Empty(client.Controls()); // no longer blocked
    }

    [Fact]
    public void Max_streams_above_2_to_the_60_is_a_frame_encoding_error()
    {
        using var client = Client();
        Assert.Equal(TransportErrorCode.FrameEncodingError,
            Fails(() => client.OnMaxStreams(new MaxStreamsFrame(false, (1UL << 60) + 1))).ErrorCode);
        Assert.Equal(TransportErrorCode.FrameEncodingError,
            Fails(() => client.OnStreamsBlocked(new StreamsBlockedFrame(true, (1UL << 60) + 1))).ErrorCode);
    }

    [Fact]
    public void Closing_peer_streams_raises_max_streams_and_caps_concurrency()
    {
        // RFC 9000 §4.6: the peer can have at most our MAX_STREAMS open; closing frees slots.
        using var server = Server(Parameters(streamsUni: 4));
        for (ulong i = 0; i < 4; i++) server.OnStream(Stream(2 + 4 * i, 0, 10));
        Assert.Equal(4UL, server.GetOpenPeerStreamCount(StreamDirection.Unidirectional));
        Assert.Equal(TransportErrorCode.StreamLimitError, Fails(() => server.OnStream(Stream(18, 0, 1))).ErrorCode);

        using var s = Server(Parameters(streamsUni: 4));
        for (ulong i = 0; i < 4; i++) s.OnStream(Stream(2 + 4 * i, 0, 10, fin: true));
        s.Events();
        Assert.Empty(s.Controls()); // nothing read, nothing closed: no new streams for the peer

        Assert.Equal(10, s.ReadAll(2).Length);
        Assert.Equal(10, s.ReadAll(6).Length);
        Assert.Equal([StreamRegistryEvent.StreamClosed(Id(2)), StreamRegistryEvent.StreamClosed(Id(6))], s.Events());
        // 2 closed, 4 opened, limit 4: unused slots 0 < half of 4 → limit = closed + 4.
        Assert.Equal([StreamControlFrame.MaxStreams(false, 6)], s.Controls());
        Assert.Equal(6UL, s.GetLocalMaxStreams(StreamDirection.Unidirectional));
        s.OnStream(Stream(22, 0, 1)); // index 5 < 6
        Assert.Equal(TransportErrorCode.StreamLimitError, Fails(() => s.OnStream(Stream(26, 0, 1))).ErrorCode);
    }

    [Fact]
    public void A_bidirectional_stream_closes_only_when_both_parts_are_done()
    {
        using var server = Server(peer: Parameters());
        server.OnStream(Stream(0, 0, 4, fin: true));
        Assert.Equal(4, server.ReadAll(0).Length);
        Assert.Equal(ReceiveStreamState.DataRead, server.GetReceiveState(Id(0)));
        Assert.DoesNotContain(server.Events(), e => e.Kind == StreamRegistryEventKind.StreamClosed);
        Assert.True(server.IsOpen(Id(0)));

        server.OnSendSideClosed(Id(0)); // the sender saw all our data acknowledged
        Assert.Equal([StreamRegistryEvent.StreamClosed(Id(0))], server.Events());
        Assert.True(server.IsClosed(Id(0)));
        Assert.Equal(0UL, server.GetOpenPeerStreamCount(StreamDirection.Bidirectional));
    }

    [Fact]
    public void Our_unidirectional_streams_close_when_the_sender_is_done()
    {
        using var client = Client(peer: Parameters(uni: 77));
        Assert.True(client.TryOpenStream(false, out var id));
        Assert.Equal(2UL, id.Value);
        Assert.Equal(77UL, client.GetPeerInitialMaxStreamData(id));
        Assert.Throws<InvalidOperationException>(() => client.Read(id, new byte[10]));
        client.Events();
        client.OnSendSideClosed(id);
        Assert.Equal([StreamRegistryEvent.StreamClosed(id)], client.Events());
        Assert.True(client.IsClosed(id));
        // A late STOP_SENDING or MAX_STREAM_DATA for it is ignored, not an error.
        client.OnStopSending(new StopSendingFrame(2, 9));
        client.OnMaxStreamData(new MaxStreamDataFrame(2, 1000));
        Assert.Empty(client.Events());
        Assert.Equal(0, client.OpenStreamCount);
    }

    [Fact]
    public void Late_duplicate_frames_for_closed_streams_are_ignored_and_never_reopen_them()
    {
        using var server = Server(Parameters(streamsUni: 2));
        server.OnStream(Stream(2, 0, 50, fin: true));
        Assert.Equal(Pattern(2, 0, 50), server.ReadAll(2));
        Assert.Contains(StreamRegistryEvent.StreamClosed(Id(2)), server.Events());
        ulong received = server.ConnectionBytesReceived;

        server.OnStream(Stream(2, 0, 50, fin: true));
        server.OnStream(Stream(2, 10, 20));
        server.OnResetStream(new ResetStreamFrame(2, 4, 50));
        server.OnStreamDataBlocked(new StreamDataBlockedFrame(2, 50));

        Assert.Empty(server.Events());
        Assert.True(server.IsClosed(Id(2)));
        Assert.False(server.IsOpen(Id(2)));
        Assert.Equal(received, server.ConnectionBytesReceived);
        Assert.Equal(0UL, server.GetOpenPeerStreamCount(StreamDirection.Unidirectional));
        Assert.Equal(0, server.Read(Id(2), new byte[10], out bool finished));
        Assert.True(finished);
        // The next stream is still new.
        server.OnStream(Stream(6, 0, 1));
        Assert.Equal(StreamRegistryEvent.StreamOpenedByPeer(Id(6), 0), server.Events()[0]);
    }

    [Fact]
    public void An_empty_stream_with_fin_is_announced_and_closes()
    {
        using var server = Server();
        server.OnStream(Stream(2, 0, 0, fin: true));
        Assert.Equal(
            [
                StreamRegistryEvent.StreamOpenedByPeer(Id(2), 0),
                StreamRegistryEvent.StreamDataAvailable(Id(2), 0, fin: true),
                StreamRegistryEvent.StreamClosed(Id(2)),
            ],
            server.Events());
    }

    [Fact]
    public void Stop_sending_from_the_peer_is_reported_once_while_our_sending_part_lives()
    {
        using var server = Server(peer: Parameters());
        server.Events();
        server.OnStopSending(new StopSendingFrame(4, 7)); // opens 0 and 4 (RFC 9000 §3.2)
        Assert.Equal(
            [
                StreamRegistryEvent.StreamOpenedByPeer(Id(0), 100),
                StreamRegistryEvent.StreamOpenedByPeer(Id(4), 100),
                StreamRegistryEvent.StopSendingReceived(Id(4), 7),
            ],
            server.Events());
        server.OnStopSending(new StopSendingFrame(4, 7));
        Assert.Empty(server.Events());

        Assert.True(server.TryOpenStream(true, out var ours));
        server.OnSendSideClosed(ours);
        server.OnStopSending(new StopSendingFrame(ours.Value, 1)); // sending part already done
        Assert.Empty(server.Events().FindAll(e => e.Kind == StreamRegistryEventKind.StopSendingReceived));
    }

    [Fact]
    public void Peer_credit_raises_are_reported_for_the_sender_and_stale_ones_dropped()
    {
        using var server = Server(peer: Parameters(maxData: 1000, bidiLocal: 100));
        server.Events();
        server.OnMaxStreamData(new MaxStreamDataFrame(0, 150));
        server.OnMaxStreamData(new MaxStreamDataFrame(0, 120)); // reordered, lower: ignored (RFC 9000 §4.1)
        server.OnMaxStreamData(new MaxStreamDataFrame(0, 100)); // the initial value: not a raise
        server.OnMaxData(new MaxDataFrame(900));
        server.OnMaxData(new MaxDataFrame(2000));
        server.OnDataBlocked(new DataBlockedFrame(1000));
        Assert.Equal(
            [
                StreamRegistryEvent.StreamOpenedByPeer(Id(0), 100),
                StreamRegistryEvent.PeerStreamCreditRaised(Id(0), 150),
                StreamRegistryEvent.PeerConnectionCreditRaised(2000),
            ],
            server.Events());
        Assert.Equal(2000UL, server.PeerMaxData);
    }

    [Fact]
    public void Streams_opened_before_the_peer_parameters_get_their_initial_credit_later()
    {
        // 0-RTT with remembered parameters, then the handshake's (RFC 9000 §7.4.1).
        using var client = Client(peer: Parameters(bidiRemote: 100, streamsBidi: 1));
        Assert.True(client.TryOpenStream(true, out var id));
        client.Events();
        client.OnPeerTransportParameters(Parameters(bidiRemote: 400, streamsBidi: 1));
        Assert.Equal([StreamRegistryEvent.PeerStreamCreditRaised(id, 400)], client.Events());
    }
}
