using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>Encode/parse shortcuts shared by the frame tests.</summary>
internal static class FrameCodec
{
    /// <summary>Runs <paramref name="write"/> into a buffer of exactly <paramref name="length"/> bytes and checks it filled it.</summary>
    public static byte[] Write(int length, WriteAction write)
    {
        var buffer = new byte[length];
        var w = new QuicWriter(buffer);
        write(ref w);
        Assert.Equal(length, w.Position);
        return buffer;
    }

    public static List<object> ParseAll(byte[] payload, PacketType packetType = PacketType.OneRtt)
    {
        var handler = new RecordingHandler();
        FrameParser.Parse(payload, packetType, ref handler);
        return handler.Frames;
    }

    public static T ParseSingle<T>(byte[] payload, PacketType packetType = PacketType.OneRtt)
    {
        var frames = ParseAll(payload, packetType);
        Assert.Single(frames);
        return Assert.IsType<T>(frames[0]);
    }

    public static QuicProtocolException ParseError(byte[] payload, PacketType packetType = PacketType.OneRtt)
    {
        var handler = new RecordingHandler();
        return Assert.Throws<QuicProtocolException>(() => FrameParser.Parse(payload, packetType, ref handler));
    }

    public static AckRange[] Ranges(AckFrame frame)
    {
        var list = new List<AckRange>();
        foreach (var range in frame.GetRanges()) list.Add(range);
        return list.ToArray();
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>Encodes a frame the parser reported (boxed) with its own encoder.</summary>
    public static byte[] Encode(object frame) => frame switch
    {
        PaddingFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        PingFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        AckFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        ResetStreamFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        StopSendingFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        CryptoFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        NewTokenFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        StreamFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        MaxDataFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        MaxStreamDataFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        MaxStreamsFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        DataBlockedFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        StreamDataBlockedFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        StreamsBlockedFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        NewConnectionIdFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        RetireConnectionIdFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        PathChallengeFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        PathResponseFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        ConnectionCloseFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        HandshakeDoneFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        DatagramFrame f => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w)),
        _ => throw new ArgumentException($"not a frame: {frame}", nameof(frame)),
    };

    /// <summary>Frame type reported by a boxed frame.</summary>
    public static FrameType TypeOf(object frame) => frame switch
    {
        PaddingFrame f => f.Type,
        PingFrame f => f.Type,
        AckFrame f => f.Type,
        ResetStreamFrame f => f.Type,
        StopSendingFrame f => f.Type,
        CryptoFrame f => f.Type,
        NewTokenFrame f => f.Type,
        StreamFrame f => f.Type,
        MaxDataFrame f => f.Type,
        MaxStreamDataFrame f => f.Type,
        MaxStreamsFrame f => f.Type,
        DataBlockedFrame f => f.Type,
        StreamDataBlockedFrame f => f.Type,
        StreamsBlockedFrame f => f.Type,
        NewConnectionIdFrame f => f.Type,
        RetireConnectionIdFrame f => f.Type,
        PathChallengeFrame f => f.Type,
        PathResponseFrame f => f.Type,
        ConnectionCloseFrame f => f.Type,
        HandshakeDoneFrame f => f.Type,
        DatagramFrame f => f.Type,
        _ => throw new ArgumentException($"not a frame: {frame}", nameof(frame)),
    };
}
