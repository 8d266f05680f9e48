using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>Each error rule of RFC 9000 §12.4 and §19, with the error code and frame type reported.</summary>
public class FrameErrorTests
{
    private const TransportErrorCode Fee = TransportErrorCode.FrameEncodingError;
    private const TransportErrorCode Pv = TransportErrorCode.ProtocolViolation;

    [Theory]
    // §19.8: STREAM offset + length beyond 2^62-1.
    [InlineData("0e 00 ffffffffffffffff 01 aa", 0x0e, Fee)]
    [InlineData("0c 00 ffffffffffffffff aa", 0x0c, Fee)]
    // §19.6: CRYPTO likewise.
    [InlineData("06 ffffffffffffffff 01 aa", 0x06, Fee)]
    // §19.11, §19.14: stream counts above 2^60.
    [InlineData("12 d000000000000001", 0x12, Fee)]
    [InlineData("13 ffffffffffffffff", 0x13, Fee)]
    [InlineData("16 d000000000000001", 0x16, Fee)]
    [InlineData("17 d000000000000001", 0x17, Fee)]
    // §19.15: connection ID length 0 or above 20, Retire Prior To above Sequence Number.
    [InlineData("18 01 00 00 00112233445566778899aabbccddeeff", 0x18, Fee)]
    [InlineData("18 01 00 15 000102030405060708090a0b0c0d0e0f1011121314 00112233445566778899aabbccddeeff", 0x18, Fee)]
    [InlineData("18 01 02 04 01020304 00112233445566778899aabbccddeeff", 0x18, Fee)]
    [InlineData("18 01 00 04 01020304 00112233445566778899aabbccddee", 0x18, Fee)] // token one byte short
    // §19.7: empty token.
    [InlineData("07 00", 0x07, Fee)]
    // Lengths pointing past the end of the packet.
    [InlineData("07 05 0102", 0x07, Fee)]
    [InlineData("0a 00 05 0102", 0x0a, Fee)]
    [InlineData("06 00 ffffffffffffffff", 0x06, Fee)] // length 2^62-1: guarded int conversion
    [InlineData("31 4005 01", 0x31, Fee)]
    [InlineData("1c 00 00 03 61", 0x1c, Fee)]
    [InlineData("1d 00 bfffffff", 0x1d, Fee)]
    [InlineData("1a 0102030405", 0x1a, Fee)]
    [InlineData("1b", 0x1b, Fee)]
    [InlineData("04 00 00", 0x04, Fee)]
    [InlineData("10 40", 0x10, Fee)] // varint cut in the middle
    // §12.4: unknown frame types, including ones above 63 in a longer varint.
    [InlineData("1f", 0x1f, Fee)]
    [InlineData("20", 0x20, Fee)]
    [InlineData("2f", 0x2f, Fee)]
    [InlineData("32", 0x32, Fee)]
    [InlineData("3f", 0x3f, Fee)]
    [InlineData("4040", 0x40, Fee)]
    [InlineData("80ffffff", 0x00ffffff, Fee)]
    [InlineData("01 40", 0x00, Fee)] // frame type varint truncated
    // §12.4: a known type not in its one-byte encoding MAY be a PROTOCOL_VIOLATION.
    [InlineData("4001", 0x01, Pv)]
    [InlineData("80000008 00", 0x08, Pv)]
    [InlineData("c000000000000030", 0x30, Pv)]
    [InlineData("4000", 0x00, Pv)]
    // §12.4: a packet with no frames.
    [InlineData("", 0x00, Pv)]
    public void Rejects(string hex, ulong frameType, TransportErrorCode error)
    {
        var ex = FrameCodec.ParseError(FrameCodec.Hex(hex));
        Assert.Equal(error, ex.ErrorCode);
        Assert.Equal(frameType, ex.FrameType);
    }

    [Theory]
    [InlineData("12 d000000000000000")] // exactly 2^60 streams is allowed
    [InlineData("17 d000000000000000")]
    [InlineData("18 05 05 14 000102030405060708090a0b0c0d0e0f10111213 00112233445566778899aabbccddeeff")] // 20-byte ID, RPT = seq
    [InlineData("18 00 00 01 aa 00112233445566778899aabbccddeeff")] // 1-byte ID
    [InlineData("1c 00 00 00")] // empty reason
    [InlineData("31 00")] // empty datagram
    [InlineData("0a 00 00")] // empty stream frame
    public void Accepts_boundary_values(string hex)
    {
        Assert.Single(FrameCodec.ParseAll(FrameCodec.Hex(hex)));
    }

    [Fact]
    public void New_connection_id_keeps_id_and_token()
    {
        var f = FrameCodec.ParseSingle<NewConnectionIdFrame>(
            FrameCodec.Hex("18 07 03 04 01020304 00112233445566778899aabbccddeeff"));
        Assert.Equal(7UL, f.SequenceNumber);
        Assert.Equal(3UL, f.RetirePriorTo);
        Assert.Equal(ConnectionId.FromHex("01020304"), f.ConnectionId);
        Assert.Equal(StatelessResetToken.FromHex("00112233445566778899aabbccddeeff"), f.StatelessResetToken);
    }

    /// <summary>Every strict prefix of a frame with explicit lengths is truncated, never a shorter valid frame.</summary>
    [Fact]
    public void Every_truncation_of_a_length_delimited_frame_is_a_frame_encoding_error()
    {
        var rng = new Random(1234);
        foreach (var type in SampleFrames.AllTypes)
        {
            if (type is FrameType.Padding or FrameType.Ping or FrameType.HandshakeDone || SampleFrames.MustBeLast(type)) continue;
            for (int sample = 0; sample < 20; sample++)
            {
                var bytes = SampleFrames.Encode(type, rng);
                for (int cut = 1; cut < bytes.Length; cut++)
                {
                    var ex = FrameCodec.ParseError(bytes[..cut]);
                    Assert.Equal(TransportErrorCode.FrameEncodingError, ex.ErrorCode);
                    Assert.Equal((ulong)type, ex.FrameType);
                }
            }
        }
    }
}
