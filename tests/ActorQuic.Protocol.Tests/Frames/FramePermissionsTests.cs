using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>RFC 9000 §12.4 Table 3 ("Pkts" column), §12.5, and RFC 9221 §4-5 for DATAGRAM.</summary>
public class FramePermissionsTests
{
    // Table 3 transcribed as written, with 0x1c/0x1d split per the "ih" note, plus DATAGRAM
    // (0-RTT and 1-RTT only, RFC 9221 §5). 0-RTT omits ACK, CRYPTO, HANDSHAKE_DONE,
    // NEW_TOKEN, PATH_RESPONSE and RETIRE_CONNECTION_ID (§12.5).
    private static readonly Dictionary<ulong, string> Table3 = new()
    {
        [0x00] = "IH01", [0x01] = "IH01", [0x02] = "IH_1", [0x03] = "IH_1",
        [0x04] = "__01", [0x05] = "__01", [0x06] = "IH_1", [0x07] = "___1",
        [0x08] = "__01", [0x09] = "__01", [0x0a] = "__01", [0x0b] = "__01",
        [0x0c] = "__01", [0x0d] = "__01", [0x0e] = "__01", [0x0f] = "__01",
        [0x10] = "__01", [0x11] = "__01", [0x12] = "__01", [0x13] = "__01",
        [0x14] = "__01", [0x15] = "__01", [0x16] = "__01", [0x17] = "__01",
        [0x18] = "__01", [0x19] = "___1", [0x1a] = "__01", [0x1b] = "___1",
        [0x1c] = "IH01", [0x1d] = "__01", [0x1e] = "___1",
        [0x30] = "__01", [0x31] = "__01",
    };

    public static TheoryData<PacketType> PacketTypes => new(Enum.GetValues<PacketType>());

    private static bool Expected(ulong type, PacketType packet) =>
        Table3.TryGetValue(type, out var pkts) && packet switch
        {
            PacketType.Initial => pkts[0] == 'I',
            PacketType.Handshake => pkts[1] == 'H',
            PacketType.ZeroRtt => pkts[2] == '0',
            PacketType.OneRtt => pkts[3] == '1',
            _ => false, // Retry and Version Negotiation carry no frames
        };

    [Theory]
    [MemberData(nameof(PacketTypes))]
    public void IsAllowed_matches_table_3(PacketType packet)
    {
        for (ulong type = 0; type < 128; type++)
        {
            Assert.Equal(Expected(type, packet), FramePermissions.IsAllowed((FrameType)type, packet));
            Assert.Equal(Table3.ContainsKey(type), FramePermissions.IsKnown(type));
        }
        Assert.False(FramePermissions.IsAllowed((FrameType)ulong.MaxValue, packet));
    }

    [Fact]
    public void Enum_lists_exactly_the_known_types()
    {
        Assert.Equal(Table3.Keys.Order(), Enum.GetValues<FrameType>().Select(t => (ulong)t).Order());
    }

    [Theory]
    [MemberData(nameof(PacketTypes))]
    public void Parser_enforces_table_3(PacketType packet)
    {
        var rng = new Random(1234);
        foreach (var type in SampleFrames.AllTypes)
        {
            var bytes = SampleFrames.Encode(type, rng);
            var handler = new RecordingHandler();
            if (Expected((ulong)type, packet))
            {
                FrameParser.Parse(bytes, packet, ref handler);
                Assert.Single(handler.Frames);
            }
            else
            {
                var ex = Assert.Throws<QuicProtocolException>(() => FrameParser.Parse(bytes, packet, ref handler));
                Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
                Assert.Equal((ulong)type, ex.FrameType);
                Assert.Empty(handler.Frames);
            }
        }
    }

    [Theory]
    [MemberData(nameof(PacketTypes))]
    public void Unknown_types_are_frame_encoding_errors_in_every_packet_type(PacketType packet)
    {
        for (ulong type = 0; type < 64; type++)
        {
            if (Table3.ContainsKey(type)) continue;
            var ex = FrameCodec.ParseError([(byte)type, 0, 0, 0], packet);
            Assert.Equal(TransportErrorCode.FrameEncodingError, ex.ErrorCode);
            Assert.Equal(type, ex.FrameType);
        }
    }

    [Fact]
    public void A_disallowed_frame_after_allowed_ones_still_fails()
    {
        // PING, CRYPTO, then a STREAM frame in an Initial packet.
        var ex = FrameCodec.ParseError(FrameCodec.Hex("01 06 00 01 aa 0a 00 00"), PacketType.Initial);
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
        Assert.Equal(0x0aUL, ex.FrameType);
    }
}
