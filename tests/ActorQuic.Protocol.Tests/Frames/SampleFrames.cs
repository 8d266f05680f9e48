using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>Valid random frames of any given type, from a seeded <see cref="Random"/>.</summary>
internal static class SampleFrames
{
    public static readonly FrameType[] AllTypes = Enum.GetValues<FrameType>();

    /// <summary>A varint value, with every encoded width equally likely.</summary>
    public static ulong Varint(Random rng, ulong max = QuicVarint.MaxValue)
    {
        ulong value = rng.Next(4) switch
        {
            0 => (ulong)rng.Next(64),
            1 => (ulong)rng.Next(16384),
            2 => (ulong)rng.Next(1 << 30),
            _ => (ulong)rng.NextInt64() & QuicVarint.MaxValue,
        };
        return max == QuicVarint.MaxValue ? value : value % (max + 1);
    }

    public static byte[] Bytes(Random rng, int min, int max)
    {
        var bytes = new byte[rng.Next(min, max + 1)];
        rng.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Descending, disjoint, non-adjacent ranges, at most <paramref name="maxRanges"/>.</summary>
    public static AckRange[] AckRanges(Random rng, int maxRanges = 8)
    {
        var ranges = new List<AckRange>();
        ulong largest = Varint(rng);
        ulong smallest = largest - Math.Min(largest, Small(rng));
        ranges.Add(new AckRange(smallest, largest));
        int extra = rng.Next(maxRanges);
        for (int i = 0; i < extra; i++)
        {
            ulong gap = Small(rng);
            if (smallest < gap + 2) break;
            ulong next = smallest - gap - 2;
            smallest = next - Math.Min(next, Small(rng));
            ranges.Add(new AckRange(smallest, next));
        }
        return ranges.ToArray();
    }

    // Mostly small values so ranges chain, sometimes wide ones to exercise long varints.
    private static ulong Small(Random rng) => rng.Next(10) == 0 ? Varint(rng) : (ulong)rng.Next(100);

    /// <summary>One valid frame whose type byte is exactly <paramref name="type"/>.</summary>
    public static byte[] Encode(FrameType type, Random rng)
    {
        switch (type)
        {
            case FrameType.Padding:
                return new byte[rng.Next(1, 20)];
            case FrameType.Ping:
                return Write(default(PingFrame).GetEncodedLength(), (ref QuicWriter w) => default(PingFrame).Encode(ref w));
            case FrameType.HandshakeDone:
                return Write(1, (ref QuicWriter w) => default(HandshakeDoneFrame).Encode(ref w));
            case FrameType.Ack or FrameType.AckEcn:
            {
                var ranges = AckRanges(rng);
                ulong delay = Varint(rng);
                EcnCounts? ecn = type == FrameType.AckEcn ? new EcnCounts(Varint(rng), Varint(rng), Varint(rng)) : null;
                return Write(AckFrame.GetEncodedLength(ranges, delay, ecn), (ref QuicWriter w) => AckFrame.Encode(ref w, ranges, delay, ecn));
            }
            case FrameType.ResetStream:
                return Frame(new ResetStreamFrame(Varint(rng), Varint(rng), Varint(rng)));
            case FrameType.StopSending:
                return Frame(new StopSendingFrame(Varint(rng), Varint(rng)));
            case FrameType.Crypto:
            {
                var data = Bytes(rng, 0, 40);
                return Frame(new CryptoFrame(Varint(rng, QuicVarint.MaxValue - (ulong)data.Length), data));
            }
            case FrameType.NewToken:
                return Frame(new NewTokenFrame(Bytes(rng, 1, 40)));
            case >= FrameType.Stream and <= FrameType.StreamOffLenFin:
            {
                byte bits = (byte)type;
                var data = Bytes(rng, 0, 40);
                ulong offset = (bits & 0x04) == 0 ? 0 : 1 + Varint(rng, QuicVarint.MaxValue - 1 - (ulong)data.Length);
                var f = new StreamFrame(Varint(rng), offset, data, (bits & 0x01) != 0, (bits & 0x02) != 0);
                Assert.Equal(type, f.Type);
                return Frame(f);
            }
            case FrameType.MaxData:
                return Frame(new MaxDataFrame(Varint(rng)));
            case FrameType.MaxStreamData:
                return Frame(new MaxStreamDataFrame(Varint(rng), Varint(rng)));
            case FrameType.MaxStreamsBidi or FrameType.MaxStreamsUni:
                return Frame(new MaxStreamsFrame(type == FrameType.MaxStreamsBidi, Varint(rng, MaxStreamsFrame.MaxStreamCount)));
            case FrameType.DataBlocked:
                return Frame(new DataBlockedFrame(Varint(rng)));
            case FrameType.StreamDataBlocked:
                return Frame(new StreamDataBlockedFrame(Varint(rng), Varint(rng)));
            case FrameType.StreamsBlockedBidi or FrameType.StreamsBlockedUni:
                return Frame(new StreamsBlockedFrame(type == FrameType.StreamsBlockedBidi, Varint(rng, MaxStreamsFrame.MaxStreamCount)));
            case FrameType.NewConnectionId:
            {
                ulong sequence = Varint(rng);
                var cid = new ConnectionId(Bytes(rng, 1, 20));
                var tokenBytes = new byte[16];
                rng.NextBytes(tokenBytes);
                var token = new StatelessResetToken(tokenBytes);
                return Frame(new NewConnectionIdFrame(sequence, Varint(rng, sequence), cid, token));
            }
            case FrameType.RetireConnectionId:
                return Frame(new RetireConnectionIdFrame(Varint(rng)));
            case FrameType.PathChallenge:
                return Frame(new PathChallengeFrame((ulong)rng.NextInt64()));
            case FrameType.PathResponse:
                return Frame(new PathResponseFrame((ulong)rng.NextInt64()));
            case FrameType.ConnectionClose:
                return Frame(new ConnectionCloseFrame(false, Varint(rng), Varint(rng), Bytes(rng, 0, 30)));
            case FrameType.ConnectionCloseApplication:
                return Frame(new ConnectionCloseFrame(true, Varint(rng), 0, Bytes(rng, 0, 30)));
            case FrameType.Datagram or FrameType.DatagramWithLength:
                return Frame(new DatagramFrame(Bytes(rng, 0, 40), type == FrameType.DatagramWithLength));
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    /// <summary>Whether a frame of this type runs to the end of the packet (no Length field).</summary>
    public static bool MustBeLast(FrameType type) =>
        type == FrameType.Datagram
        || (type is >= FrameType.Stream and <= FrameType.StreamOffLenFin && ((byte)type & 0x02) == 0);

    private static byte[] Write(int length, WriteAction write) => FrameCodec.Write(length, write);

    private static byte[] Frame(ResetStreamFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(StopSendingFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(CryptoFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(NewTokenFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(StreamFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(MaxDataFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(MaxStreamDataFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(MaxStreamsFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(DataBlockedFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(StreamDataBlockedFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(StreamsBlockedFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(NewConnectionIdFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(RetireConnectionIdFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(PathChallengeFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(PathResponseFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(ConnectionCloseFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
    private static byte[] Frame(DatagramFrame f) => Write(f.GetEncodedLength(), (ref QuicWriter w) => f.Encode(ref w));
}
