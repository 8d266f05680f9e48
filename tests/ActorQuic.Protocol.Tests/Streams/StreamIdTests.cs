using ActorQuic.Protocol.Streams;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Streams;

public class StreamIdTests
{
    // RFC 9000 §2.1, table 1.
    [Theory]
    [InlineData(0UL, StreamType.ClientBidirectional, StreamInitiator.Client, StreamDirection.Bidirectional, 0UL)]
    [InlineData(1UL, StreamType.ServerBidirectional, StreamInitiator.Server, StreamDirection.Bidirectional, 0UL)]
    [InlineData(2UL, StreamType.ClientUnidirectional, StreamInitiator.Client, StreamDirection.Unidirectional, 0UL)]
    [InlineData(3UL, StreamType.ServerUnidirectional, StreamInitiator.Server, StreamDirection.Unidirectional, 0UL)]
    [InlineData(4UL, StreamType.ClientBidirectional, StreamInitiator.Client, StreamDirection.Bidirectional, 1UL)]
    [InlineData(11UL, StreamType.ServerUnidirectional, StreamInitiator.Server, StreamDirection.Unidirectional, 2UL)]
    public void Decodes_type_bits(ulong value, StreamType type, StreamInitiator initiator, StreamDirection direction, ulong index)
    {
        var id = new StreamId(value);
        Assert.Equal(type, id.Type);
        Assert.Equal(initiator, id.Initiator);
        Assert.Equal(direction, id.Direction);
        Assert.Equal(index, id.Index);
        Assert.Equal(direction == StreamDirection.Bidirectional, id.IsBidirectional);
        Assert.Equal(initiator == StreamInitiator.Client, id.IsClientInitiated);
        Assert.Equal(id, StreamId.FromIndex(initiator, direction, index));
    }

    [Fact]
    public void Index_round_trips_for_every_type()
    {
        Gen.ULong[0, StreamId.MaxStreamCount - 1].Select(Gen.Int[0, 3]).Sample((index, t) =>
        {
            var id = StreamId.FromIndex((StreamType)t, index);
            return id.Index == index && id.Type == (StreamType)t && id.Value <= StreamId.MaxValue;
        }, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Limits_are_2_to_the_62_ids_and_2_to_the_60_streams()
    {
        Assert.Equal((1UL << 62) - 1, StreamId.FromIndex(StreamType.ServerUnidirectional, StreamId.MaxStreamCount - 1).Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamId.FromIndex(StreamType.ClientBidirectional, StreamId.MaxStreamCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamId(1UL << 62));
    }

    [Theory]
    [InlineData(0UL, StreamInitiator.Client, true, true, true)]    // own bidi
    [InlineData(0UL, StreamInitiator.Server, false, true, true)]   // peer bidi
    [InlineData(2UL, StreamInitiator.Client, true, true, false)]   // own uni: send only
    [InlineData(2UL, StreamInitiator.Server, false, false, true)]  // peer uni: receive only
    [InlineData(3UL, StreamInitiator.Client, false, false, true)]
    [InlineData(3UL, StreamInitiator.Server, true, true, false)]
    public void Sending_and_receiving_parts_depend_on_role(ulong value, StreamInitiator local, bool isLocal, bool canSend, bool canReceive)
    {
        var id = new StreamId(value);
        Assert.Equal(isLocal, id.IsLocallyInitiated(local));
        Assert.Equal(canSend, id.HasSendingPart(local));
        Assert.Equal(canReceive, id.HasReceivingPart(local));
    }

    [Fact]
    public void Rfc_example_uni_limit_of_3_allows_3_7_11_not_15()
    {
        // RFC 9000 §19.11: a server with a unidirectional limit of 3 may open 3, 7 and 11.
        Assert.True(StreamId.IsWithinLimit(new StreamId(11), 3));
        Assert.False(StreamId.IsWithinLimit(new StreamId(15), 3));
    }
}
