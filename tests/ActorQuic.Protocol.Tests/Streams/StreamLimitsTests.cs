using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Tests.Streams;

public class StreamLimitsTests
{
    private static StreamId Id(ulong value) => new(value);

    [Fact]
    public void Opening_a_peer_stream_opens_all_lower_ones()
    {
        // RFC 9000 §2.1 / §3.2: server sees client bidi streams 0, 4, 8, ...
        var limits = new StreamLimits(StreamInitiator.Server, localMaxBidi: 10, localMaxUni: 3);
        Assert.Equal(3UL, limits.OnPeerFrame(Id(8), StreamFrameKind.Stream, out var first));
        Assert.Equal(Id(0), first);
        Assert.Equal(0UL, limits.OnPeerFrame(Id(4), StreamFrameKind.Stream, out _)); // already open
        Assert.Equal(2UL, limits.OnPeerFrame(Id(16), StreamFrameKind.MaxStreamData, out first));
        Assert.Equal(Id(12), first);
        Assert.Equal(5UL, limits.IncomingBidirectional.OpenedCount);
    }

    [Fact]
    public void Exceeding_the_advertised_stream_limit_is_a_stream_limit_error()
    {
        // RFC 9000 §4.6 / §19.11: with a uni limit of 3, client uni streams 2, 6, 10 are allowed.
        var limits = new StreamLimits(StreamInitiator.Server, localMaxBidi: 0, localMaxUni: 3);
        Assert.Equal(3UL, limits.OnPeerFrame(Id(10), StreamFrameKind.Stream, out _));
        var ex = Assert.Throws<QuicProtocolException>(() => limits.OnPeerFrame(Id(14), StreamFrameKind.Stream, out _));
        Assert.Equal(TransportErrorCode.StreamLimitError, ex.ErrorCode);
        Assert.Equal(0x08UL, ex.FrameType);
        Assert.Equal(TransportErrorCode.StreamLimitError,
            Assert.Throws<QuicProtocolException>(() => limits.OnPeerFrame(Id(0), StreamFrameKind.Stream, out _)).ErrorCode);
    }

    // RFC 9000 §19.4, §19.5, §19.8, §19.10, §19.13: which frames each direction can carry.
    [Theory]
    // Client-local view. Stream 2 is our own uni stream (send-only), 3 the server's (receive-only).
    [InlineData(StreamInitiator.Client, 2UL, StreamFrameKind.Stream, true)]
    [InlineData(StreamInitiator.Client, 2UL, StreamFrameKind.ResetStream, true)]
    [InlineData(StreamInitiator.Client, 2UL, StreamFrameKind.StreamDataBlocked, true)]
    [InlineData(StreamInitiator.Client, 2UL, StreamFrameKind.MaxStreamData, false)]
    [InlineData(StreamInitiator.Client, 2UL, StreamFrameKind.StopSending, false)]
    [InlineData(StreamInitiator.Client, 3UL, StreamFrameKind.Stream, false)]
    [InlineData(StreamInitiator.Client, 3UL, StreamFrameKind.MaxStreamData, true)]
    [InlineData(StreamInitiator.Client, 3UL, StreamFrameKind.StopSending, true)]
    [InlineData(StreamInitiator.Server, 2UL, StreamFrameKind.Stream, false)]
    [InlineData(StreamInitiator.Server, 2UL, StreamFrameKind.StopSending, true)]
    [InlineData(StreamInitiator.Server, 3UL, StreamFrameKind.Stream, true)]
    [InlineData(StreamInitiator.Server, 3UL, StreamFrameKind.MaxStreamData, false)]
    [InlineData(StreamInitiator.Server, 1UL, StreamFrameKind.Stream, false)]
    [InlineData(StreamInitiator.Server, 0UL, StreamFrameKind.StopSending, false)]
    public void Frame_on_wrong_direction_is_a_stream_state_error(StreamInitiator local, ulong id, StreamFrameKind kind, bool wrongDirection)
    {
        var limits = new StreamLimits(local, localMaxBidi: 10, localMaxUni: 10, peerMaxBidi: 10, peerMaxUni: 10);
        // Open our own streams so the "not yet created" rule does not interfere.
        limits.TryOpen(StreamDirection.Bidirectional, out _);
        limits.TryOpen(StreamDirection.Unidirectional, out _);
        if (wrongDirection)
        {
            var ex = Assert.Throws<QuicProtocolException>(() => limits.OnPeerFrame(Id(id), kind, out _));
            Assert.Equal(TransportErrorCode.StreamStateError, ex.ErrorCode);
            Assert.Equal((ulong)kind, ex.FrameType);
        }
        else
        {
            limits.OnPeerFrame(Id(id), kind, out _);
        }
    }

    [Fact]
    public void Frame_for_a_local_stream_not_yet_opened_is_a_stream_state_error()
    {
        var limits = new StreamLimits(StreamInitiator.Client, 10, 10, peerMaxBidi: 10, peerMaxUni: 10);
        Assert.Equal(TransportErrorCode.StreamStateError,
            Assert.Throws<QuicProtocolException>(() => limits.OnPeerFrame(Id(0), StreamFrameKind.MaxStreamData, out _)).ErrorCode);
        Assert.True(limits.TryOpen(StreamDirection.Bidirectional, out var id));
        Assert.Equal(Id(0), id);
        Assert.Equal(0UL, limits.OnPeerFrame(Id(0), StreamFrameKind.Stream, out _));
        Assert.Equal(TransportErrorCode.StreamStateError,
            Assert.Throws<QuicProtocolException>(() => limits.OnPeerFrame(Id(4), StreamFrameKind.StopSending, out _)).ErrorCode);
    }

    [Fact]
    public void Max_streams_is_raised_as_peer_streams_close()
    {
        var incoming = new IncomingStreamLimit(StreamType.ClientBidirectional, initialMaxStreams: 4);
        Assert.False(incoming.TryGetMaxStreamsUpdate(out _));
        incoming.OnPeerReference(StreamId.FromIndex(StreamType.ClientBidirectional, 3));
        Assert.False(incoming.TryGetMaxStreamsUpdate(out _)); // none closed: nothing to give back
        incoming.OnStreamClosed();
        Assert.True(incoming.TryGetMaxStreamsUpdate(out var max));
        Assert.Equal(5UL, max);
        Assert.False(incoming.TryGetMaxStreamsUpdate(out _));
        incoming.OnUpdateLost(5);
        Assert.True(incoming.TryGetMaxStreamsUpdate(out max));
        Assert.Equal(5UL, max);
        incoming.OnPeerReference(StreamId.FromIndex(StreamType.ClientBidirectional, 4));
        Assert.Throws<QuicProtocolException>(() => incoming.OnPeerReference(StreamId.FromIndex(StreamType.ClientBidirectional, 5)));
    }

    [Fact]
    public void Max_streams_waits_while_the_peer_has_plenty_of_room()
    {
        var incoming = new IncomingStreamLimit(StreamType.ClientUnidirectional, initialMaxStreams: 100);
        incoming.OnPeerReference(StreamId.FromIndex(StreamType.ClientUnidirectional, 9));
        for (int i = 0; i < 10; i++) incoming.OnStreamClosed();
        Assert.False(incoming.TryGetMaxStreamsUpdate(out _)); // 90 unused of 100
        incoming.OnPeerReference(StreamId.FromIndex(StreamType.ClientUnidirectional, 50));
        Assert.True(incoming.TryGetMaxStreamsUpdate(out var max)); // 49 unused < 50
        Assert.Equal(110UL, max);
    }

    [Fact]
    public void Max_streams_never_exceeds_2_to_the_60()
    {
        var incoming = new IncomingStreamLimit(StreamType.ClientBidirectional, StreamId.MaxStreamCount);
        incoming.OnPeerReference(StreamId.FromIndex(StreamType.ClientBidirectional, StreamId.MaxStreamCount - 1));
        incoming.OnStreamClosed();
        Assert.False(incoming.TryGetMaxStreamsUpdate(out _));
    }

    [Fact]
    public void Opening_our_streams_follows_the_peer_limit_and_signals_blocked_once()
    {
        var limits = new StreamLimits(StreamInitiator.Server, 0, 0, peerMaxBidi: 0, peerMaxUni: 2);
        var uni = limits.OutgoingUnidirectional;
        Assert.False(uni.ShouldSendStreamsBlocked(out _)); // nobody asked yet
        Assert.True(limits.TryOpen(StreamDirection.Unidirectional, out var a));
        Assert.True(limits.TryOpen(StreamDirection.Unidirectional, out var b));
        Assert.Equal((Id(3), Id(7)), (a, b));
        Assert.False(limits.TryOpen(StreamDirection.Unidirectional, out _));
        Assert.True(uni.ShouldSendStreamsBlocked(out var at));
        Assert.Equal(2UL, at);
        Assert.False(uni.ShouldSendStreamsBlocked(out _));
        uni.RearmBlocked(2); // lost
        Assert.True(uni.ShouldSendStreamsBlocked(out _));
        Assert.False(uni.OnMaxStreamsReceived(1)); // smaller limits are ignored (RFC 9000 §19.11)
        Assert.True(uni.OnMaxStreamsReceived(3));
        Assert.False(uni.ShouldSendStreamsBlocked(out _));
        Assert.True(limits.TryOpen(StreamDirection.Unidirectional, out var c));
        Assert.Equal(Id(11), c);
        Assert.False(limits.TryOpen(StreamDirection.Bidirectional, out _));
        Assert.True(limits.OutgoingBidirectional.ShouldSendStreamsBlocked(out at));
        Assert.Equal(0UL, at);
    }

    [Fact]
    public void Max_streams_above_2_to_the_60_is_an_encoding_error()
    {
        // RFC 9000 §4.6.
        var outgoing = new OutgoingStreamLimit(StreamType.ClientUnidirectional);
        var ex = Assert.Throws<QuicProtocolException>(() => outgoing.OnMaxStreamsReceived(StreamId.MaxStreamCount + 1));
        Assert.Equal(TransportErrorCode.FrameEncodingError, ex.ErrorCode);
        Assert.Equal(0x13UL, ex.FrameType);
        Assert.Equal(TransportErrorCode.TransportParameterError,
            Assert.Throws<QuicProtocolException>(() => outgoing.OnMaxStreamsReceived(StreamId.MaxStreamCount + 1, fromTransportParameters: true)).ErrorCode);
        Assert.True(outgoing.OnMaxStreamsReceived(StreamId.MaxStreamCount));
    }

    [Fact]
    public void Closing_a_local_stream_as_peer_stream_is_a_bug()
    {
        var limits = new StreamLimits(StreamInitiator.Client, 1, 1);
        Assert.Throws<ArgumentException>(() => limits.OnPeerStreamClosed(Id(0)));
    }
}
