using ActorQuic.Http3.Frames;
using ActorQuic.Protocol.Streams;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Frames;

public class Http3PeerStreamsTests
{
    private static UnidirectionalStreamHeader Header(UnidirectionalStreamType type, ulong pushId = 0) => new((ulong)type, pushId);

    [Fact]
    public void One_stream_of_each_critical_type_is_accepted()
    {
        var peer = new Http3PeerStreams(StreamInitiator.Server);
        Assert.True(peer.Accept(Header(UnidirectionalStreamType.Control)));
        Assert.True(peer.Accept(Header(UnidirectionalStreamType.QpackEncoder)));
        Assert.True(peer.Accept(Header(UnidirectionalStreamType.QpackDecoder)));
        Assert.True(peer.HasControlStream && peer.HasQpackEncoderStream && peer.HasQpackDecoderStream);
    }

    [Theory]
    [InlineData(UnidirectionalStreamType.Control)]
    [InlineData(UnidirectionalStreamType.QpackEncoder)]
    [InlineData(UnidirectionalStreamType.QpackDecoder)]
    public void A_second_critical_stream_is_stream_creation_error(UnidirectionalStreamType type)
    {
        var peer = new Http3PeerStreams(StreamInitiator.Client);
        peer.Accept(Header(type));
        var ex = AssertH3Error(Http3ErrorCode.StreamCreationError, () => peer.Accept(Header(type)));
        Assert.True(ex.IsConnectionError);
    }

    [Fact]
    public void Reserved_and_unknown_stream_types_are_discarded_without_error()
    {
        var peer = new Http3PeerStreams(StreamInitiator.Server);
        for (ulong n = 0; n < 50; n++) Assert.False(peer.Accept(new UnidirectionalStreamHeader(Http3Grease.GetReserved(n))));
        Assert.False(peer.Accept(new UnidirectionalStreamHeader(0x04)));
        Assert.False(peer.Accept(new UnidirectionalStreamHeader(0x1234_5678)));
        Assert.False(peer.HasControlStream);
    }

    [Fact]
    public void Push_stream_from_a_client_is_stream_creation_error()
    {
        var peer = new Http3PeerStreams(StreamInitiator.Server);
        AssertH3Error(Http3ErrorCode.StreamCreationError, () => peer.Accept(Header(UnidirectionalStreamType.Push, 0)));
    }

    [Fact]
    public void Push_stream_from_a_server_without_max_push_id_is_an_id_error()
    {
        var peer = new Http3PeerStreams(StreamInitiator.Client);
        AssertH3Error(Http3ErrorCode.IdError, () => peer.Accept(Header(UnidirectionalStreamType.Push, 0)));
    }

    [Fact]
    public void Server_initiated_bidirectional_stream_is_stream_creation_error_for_a_client()
    {
        var client = new Http3PeerStreams(StreamInitiator.Client);
        AssertH3Error(Http3ErrorCode.StreamCreationError, () => client.AcceptBidirectional(new StreamId(1)));
        client.AcceptBidirectional(new StreamId(0)); // our own kind of stream: not the peer's business

        var server = new Http3PeerStreams(StreamInitiator.Server);
        server.AcceptBidirectional(new StreamId(4));
    }

    [Theory]
    [InlineData(UnidirectionalStreamType.Control)]
    [InlineData(UnidirectionalStreamType.QpackEncoder)]
    [InlineData(UnidirectionalStreamType.QpackDecoder)]
    public void Closing_a_critical_stream_is_closed_critical_stream(UnidirectionalStreamType type)
    {
        AssertH3Error(Http3ErrorCode.ClosedCriticalStream, () => Http3PeerStreams.OnStreamClosed(type));
    }

    [Fact]
    public void Closing_a_push_stream_is_fine()
    {
        Assert.Null(Record.Exception(() => Http3PeerStreams.OnStreamClosed(UnidirectionalStreamType.Push)));
    }
}
