using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors.Tests.Acceptance;

/// <summary>
/// Makes hostile datagrams for a server endpoint from one seeded <see cref="Random"/>: garbage,
/// mutated replays of real datagrams, Initials that look valid (some even sealed with the right
/// Initial keys, RFC 9001 §5.2), short headers with a live connection's DCID and garbage
/// payloads, and stateless-reset-sized packets. Counts what it made, per kind.
/// </summary>
public sealed class HostileDatagrams(int seed)
{
    public enum Kind { RandomBytes, BitFlipped, Truncated, Extended, UnsealedInitial, SealedInitial, LiveCidShortHeader, ResetSized }

    private const uint UnknownVersion = 0x1a2a3a4a; // a reserved greasing version (RFC 9000 §15)
    private readonly Random _random = new(seed);
    private readonly long[] _counts = new long[Enum.GetValues<Kind>().Length];

    public long Count(Kind kind) => _counts[(int)kind];

    public string Describe() => string.Join(", ", Enum.GetValues<Kind>().Select(k => $"{k}={Count(k)}"));

    public Random Random => _random;

    /// <summary>
    /// One hostile datagram. <paramref name="seen"/> holds copies of real datagrams from the link
    /// (may be empty); <paramref name="liveCids"/> the DCIDs the client uses toward the server.
    /// </summary>
    public byte[] Next(IReadOnlyList<byte[]> seen, IReadOnlyList<byte[]> liveCids)
    {
        int roll = _random.Next(100);
        Kind kind = roll switch
        {
            < 20 => Kind.RandomBytes,
            < 30 => Kind.BitFlipped,
            < 38 => Kind.Truncated,
            < 45 => Kind.Extended,
            < 50 => Kind.UnsealedInitial,
            < 52 => Kind.SealedInitial,
            < 90 => Kind.LiveCidShortHeader,
            _ => Kind.ResetSized,
        };
        if (seen.Count == 0 && kind is Kind.BitFlipped or Kind.Truncated or Kind.Extended)
            kind = Kind.RandomBytes;
        if (liveCids.Count == 0 && kind == Kind.LiveCidShortHeader)
            kind = Kind.RandomBytes;
        _counts[(int)kind]++;
        return kind switch
        {
            Kind.RandomBytes => Bytes(_random.Next(1, 1501)),
            Kind.BitFlipped => BitFlip(Pick(seen)),
            Kind.Truncated => Truncate(Pick(seen)),
            Kind.Extended => Extend(Pick(seen)),
            Kind.UnsealedInitial => UnsealedInitial(),
            Kind.SealedInitial => SealedInitial(),
            Kind.LiveCidShortHeader => ShortHeader(Pick(liveCids), _random.Next(21, 1400)),
            _ => ResetSized(liveCids),
        };
    }

    private byte[] Pick(IReadOnlyList<byte[]> list) => list[_random.Next(list.Count)];

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] BitFlip(byte[] real)
    {
        byte[] copy = (byte[])real.Clone();
        int flips = _random.Next(1, 9);
        for (int i = 0; i < flips; i++)
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        return copy;
    }

    private byte[] Truncate(byte[] real) => real.Length <= 1 ? [] : real[.._random.Next(1, real.Length)];

    private byte[] Extend(byte[] real)
    {
        byte[] longer = new byte[real.Length + _random.Next(1, 200)];
        real.CopyTo(longer, 0);
        _random.NextBytes(longer.AsSpan(real.Length));
        return longer;
    }

    private uint AnyVersion() => _random.Next(3) switch
    {
        0 => QuicVersion.V1,
        1 => QuicVersion.V2,
        _ => _random.Next(2) == 0 ? UnknownVersion : (uint)_random.Next(0x10, int.MaxValue),
    };

    /// <summary>A well-formed Initial header (any version, random CIDs, DCID 8-20 bytes) over a garbage payload, 1200-1500 bytes.</summary>
    private byte[] UnsealedInitial()
    {
        uint version = AnyVersion();
        byte[] datagram = Bytes(_random.Next(1200, 1501));
        byte[] dcid = Bytes(_random.Next(8, 21)), scid = Bytes(_random.Next(0, 21));
        int typeBits = version is QuicVersion.V1 or QuicVersion.V2 ? LongPacketTypes.GetTypeBits(version, PacketType.Initial) : 0;
        var writer = new QuicWriter(datagram);
        writer.WriteByte((byte)(HeaderBits.HeaderForm | HeaderBits.FixedBit | typeBits << 4 | _random.Next(16)));
        writer.WriteUInt32(version);
        writer.WriteByte((byte)dcid.Length);
        writer.WriteBytes(dcid);
        writer.WriteByte((byte)scid.Length);
        writer.WriteBytes(scid);
        writer.WriteVarint(0); // no token
        int lengthAt = writer.Position;
        writer.WriteVarint((ulong)(datagram.Length - lengthAt - 2), 2);
        return datagram;
    }

    /// <summary>
    /// A v1 or v2 client Initial sealed with the keys its random DCID implies, so it opens: its
    /// payload is random frames, a CRYPTO frame of garbage TLS, or PING + PADDING.
    /// </summary>
    private byte[] SealedInitial()
    {
        uint version = _random.Next(2) == 0 ? QuicVersion.V1 : QuicVersion.V2;
        byte[] dcid = Bytes(_random.Next(8, 21)), scid = Bytes(_random.Next(0, 21));
        int size = _random.Next(1200, 1501);
        byte[] datagram = new byte[size];
        const int pnLength = 2;
        int pnOffset = LongHeaderWriter.Write(datagram, version, PacketType.Initial, dcid, scid, [], (ulong)_random.Next(0, 100), pnLength);
        int payloadOffset = pnOffset + pnLength;
        int payloadLength = size - payloadOffset - PacketProtection.TagLength;
        Span<byte> payload = datagram.AsSpan(payloadOffset, payloadLength);
        payload.Clear(); // PADDING
        switch (_random.Next(3))
        {
            case 0:
                _random.NextBytes(payload[.._random.Next(1, payloadLength)]);
                break;
            case 1:
            {
                var writer = new QuicWriter(payload);
                int dataLength = _random.Next(1, 600);
                writer.WriteVarint(0x06); // CRYPTO (RFC 9000 §19.6)
                writer.WriteVarint(0);
                writer.WriteVarint((ulong)dataLength);
                _random.NextBytes(writer.Reserve(dataLength));
                break;
            }
            default:
                payload[0] = 0x01; // PING, then PADDING
                break;
        }
        LongHeaderWriter.PatchLength(datagram, pnOffset, size);
        var (client, server) = InitialSecrets.CreateProtection(version, dcid);
        using (client)
        using (server)
            client.Protect(datagram, pnOffset, pnLength, (ulong)_random.Next(0, 100), payloadLength);
        return datagram;
    }

    /// <summary>A short header (RFC 9000 §17.3.1) with <paramref name="dcid"/> and random bits, key phase and payload.</summary>
    private byte[] ShortHeader(byte[] dcid, int length)
    {
        byte[] datagram = Bytes(Math.Max(length, 1 + dcid.Length));
        datagram[0] = (byte)(HeaderBits.FixedBit | (datagram[0] & 0x3f));
        dcid.CopyTo(datagram, 1);
        return datagram;
    }

    /// <summary>The size of a Stateless Reset (RFC 9000 §10.3: ≥ 21 bytes, random, last 16 a "token"), to a live or a random CID.</summary>
    private byte[] ResetSized(IReadOnlyList<byte[]> liveCids)
    {
        int length = _random.Next(21, 64);
        return liveCids.Count > 0 && _random.Next(2) == 0 ? ShortHeader(Pick(liveCids), length) : ShortHeader(Bytes(8), length);
    }
}
