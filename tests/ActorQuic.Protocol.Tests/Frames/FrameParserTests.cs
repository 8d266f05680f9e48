using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Frames;

public class FrameParserTests
{
    private static readonly FrameType[] NonAckEliciting =
        [FrameType.Padding, FrameType.Ack, FrameType.AckEcn, FrameType.ConnectionClose, FrameType.ConnectionCloseApplication];

    private static readonly FrameType[] Probing =
        [FrameType.Padding, FrameType.PathChallenge, FrameType.PathResponse, FrameType.NewConnectionId];

    private static (bool AckEliciting, bool ProbingOnly) Classify(params FrameType[] types)
    {
        var rng = new Random(1234);
        var payload = types.SelectMany(t => SampleFrames.Encode(t, rng)).ToArray();
        var handler = new CountingHandler();
        bool ackEliciting = FrameParser.Parse(payload, PacketType.OneRtt, ref handler, out bool probingOnly);
        Assert.Equal(ackEliciting, FrameParser.Parse(payload, PacketType.OneRtt, ref handler));
        return (ackEliciting, probingOnly);
    }

    [Fact]
    public void Each_frame_type_alone_is_ack_eliciting_unless_ack_padding_or_close()
    {
        foreach (var type in SampleFrames.AllTypes)
        {
            bool expected = !NonAckEliciting.Contains(type); // RFC 9002 §2, RFC 9221 §5.2
            Assert.Equal(expected, Classify(type).AckEliciting);
            Assert.Equal(expected, FrameClassification.IsAckEliciting(type));
        }
        Assert.True(FrameClassification.IsAckEliciting((FrameType)0x40)); // extension frames (RFC 9000 §19.21)
    }

    [Fact]
    public void Mixed_packets_are_ack_eliciting_when_any_frame_is()
    {
        Assert.False(Classify(FrameType.Ack, FrameType.Padding).AckEliciting);
        Assert.False(Classify(FrameType.AckEcn, FrameType.ConnectionClose, FrameType.Padding).AckEliciting);
        Assert.True(Classify(FrameType.Ack, FrameType.Ping, FrameType.Padding).AckEliciting);
        Assert.True(Classify(FrameType.Ack, FrameType.DatagramWithLength).AckEliciting);
    }

    [Fact]
    public void Probing_only_packets_hold_nothing_but_probing_frames()
    {
        foreach (var type in SampleFrames.AllTypes)
        {
            Assert.Equal(Probing.Contains(type), Classify(type).ProbingOnly);
            Assert.Equal(Probing.Contains(type), FrameClassification.IsProbing(type));
        }
        Assert.True(Classify(FrameType.PathChallenge, FrameType.NewConnectionId, FrameType.Padding).ProbingOnly);
        Assert.False(Classify(FrameType.PathChallenge, FrameType.Ping).ProbingOnly);
    }

    [Fact]
    public void Padding_run_is_reported_once_with_its_length()
    {
        var payload = new byte[1200];
        payload[0] = 0x01; // PING, then 1199 bytes of PADDING
        var frames = FrameCodec.ParseAll(payload, PacketType.Initial);
        Assert.Equal([new PingFrame(), new PaddingFrame(1199)], frames);

        payload[600] = 0x01; // PING in the middle splits the run
        frames = FrameCodec.ParseAll(payload, PacketType.Initial);
        Assert.Equal([new PingFrame(), new PaddingFrame(599), new PingFrame(), new PaddingFrame(599)], frames);
    }

    [Fact]
    public void Frames_are_reported_in_order_and_slice_the_payload()
    {
        var payload = FrameCodec.Hex("06 00 02 aabb 0b 04 03 ccddee 01");
        var frames = FrameCodec.ParseAll(payload);
        var crypto = Assert.IsType<CryptoFrame>(frames[0]);
        var stream = Assert.IsType<StreamFrame>(frames[1]);
        Assert.IsType<PingFrame>(frames[2]);
        // Zero copy: the data is the packet's own memory.
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(crypto.Data, out var segment));
        Assert.Same(payload, segment.Array);
        Assert.Equal(3, segment.Offset);
        Assert.Equal(FrameCodec.Hex("ccddee"), stream.Data.ToArray());
        Assert.True(stream.Fin);
    }

    [Fact]
    public void Parsing_allocates_nothing()
    {
        var rng = new Random(1234);
        var payload = SampleFrames.AllTypes
            .Where(t => !SampleFrames.MustBeLast(t))
            .SelectMany(t => SampleFrames.Encode(t, rng))
            .Concat(new byte[300])
            .ToArray();
        ReadOnlyMemory<byte> memory = payload;
        var handler = new CountingHandler();
        for (int i = 0; i < 200; i++) FrameParser.Parse(memory, PacketType.OneRtt, ref handler);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) FrameParser.Parse(memory, PacketType.OneRtt, ref handler);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(handler.Count > 0);
    }

    [Fact]
    public void Handler_state_changes_are_kept()
    {
        var handler = new CountingHandler();
        FrameParser.Parse(FrameCodec.Hex("01 01 01"), PacketType.OneRtt, ref handler);
        Assert.Equal(3, handler.Count);
    }
}
