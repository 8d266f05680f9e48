using ActorQuic.Protocol.Recovery;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

public class AckDelayEncodingTests
{
    [Fact]
    public void Encodes_microseconds_shifted_by_the_exponent()
    {
        Assert.Equal(500UL, AckDelayEncoding.Encode(Ms(4), 3));
        Assert.Equal(4000UL, AckDelayEncoding.Encode(Ms(4), 0));
        Assert.Equal(0UL, AckDelayEncoding.Encode(-Ms(4)));
        Assert.Equal(Ms(4), AckDelayEncoding.Decode(500, 3));
    }

    [Fact]
    public void Decoding_a_hostile_value_saturates()
    {
        TimeSpan d = AckDelayEncoding.Decode(Protocol.Wire.QuicVarint.MaxValue, AckDelayEncoding.MaxExponent);
        Assert.Equal(TimeSpan.FromDays(1), d);
        Assert.Throws<ArgumentOutOfRangeException>(() => AckDelayEncoding.Decode(1, 21));
    }
}
