using System.Buffers.Binary;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>Real QUIC datagrams built with the stack's own writers and Initial keys, as a peer would send them.</summary>
internal static class EndpointPackets
{
    public const int LocalCidLength = 8;

    /// <summary>
    /// A client Initial: CRYPTO with (fake) ClientHello bytes, PADDING to <paramref name="datagramSize"/>,
    /// sealed with the client Initial keys of <paramref name="dcid"/> (RFC 9001 §5.2).
    /// </summary>
    public static byte[] ClientInitial(ConnectionId dcid, ConnectionId scid, uint version = QuicVersion.V1,
        ReadOnlySpan<byte> token = default, int datagramSize = 1200, ulong packetNumber = 0)
    {
        const int pnLength = 2;
        var datagram = new byte[datagramSize];
        int pnOffset = LongHeaderWriter.Write(datagram, version, PacketType.Initial, dcid.Span, scid.Span, token, packetNumber, pnLength);
        int payloadLength = datagramSize - pnOffset - pnLength - PacketProtection.TagLength;
        var clientHello = new byte[Math.Min(300, payloadLength - 4)];
        new Random(datagramSize + (int)packetNumber).NextBytes(clientHello);
        clientHello[0] = 0x01; // TLS ClientHello message type
        var writer = new QuicWriter(datagram.AsSpan(pnOffset + pnLength, payloadLength));
        new CryptoFrame(0, clientHello).Encode(ref writer);
        writer.WriteZeros(writer.Remaining);
        LongHeaderWriter.PatchLength(datagram, pnOffset, datagramSize);
        var (client, server) = InitialSecrets.CreateProtection(version, dcid.Span);
        client.Protect(datagram, pnOffset, pnLength, packetNumber, payloadLength);
        client.Dispose();
        server.Dispose();
        return datagram;
    }

    /// <summary>A short-header (1-RTT) packet to <paramref name="dcid"/> with a seeded filler payload (routing never decrypts).</summary>
    public static byte[] ShortHeader(ConnectionId dcid, int datagramSize = 100, int seed = 1)
    {
        var datagram = new byte[datagramSize];
        new Random(seed).NextBytes(datagram);
        ShortHeaderWriter.Write(datagram, dcid.Span, 5, 2, spinBit: false, keyPhase: false);
        return datagram;
    }

    /// <summary>A long header with an arbitrary (e.g. unsupported) version, padded to <paramref name="datagramSize"/>.</summary>
    public static byte[] LongHeaderWithVersion(uint version, ConnectionId dcid, ConnectionId scid, int datagramSize = 1200)
    {
        var datagram = new byte[datagramSize];
        datagram[0] = 0xc0; // long header, fixed bit, Initial type bits
        BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(1), version);
        datagram[5] = (byte)dcid.Length;
        dcid.Span.CopyTo(datagram.AsSpan(6));
        datagram[6 + dcid.Length] = (byte)scid.Length;
        scid.Span.CopyTo(datagram.AsSpan(7 + dcid.Length));
        return datagram;
    }

    /// <summary>A datagram that looks like a Stateless Reset (RFC 9000 §10.3): short-header bits, random bytes, then <paramref name="token"/>.</summary>
    public static byte[] StatelessReset(StatelessResetToken token, int length = 60, int seed = 3)
    {
        var datagram = new byte[length];
        new Random(seed).NextBytes(datagram);
        datagram[0] = (byte)((datagram[0] & 0x3f) | 0x40);
        token.Span.CopyTo(datagram.AsSpan(length - StatelessResetToken.Length));
        return datagram;
    }

    /// <summary>
    /// Opens a server Initial CONNECTION_CLOSE (RFC 9000 §10.2.3) with the keys of the client's
    /// <paramref name="clientDcid"/> and returns its frame type and error code.
    /// </summary>
    public static (ulong FrameType, ulong ErrorCode) OpenInitialClose(byte[] datagram, ConnectionId clientDcid, uint version = QuicVersion.V1)
    {
        Assert.True(PacketHeaderParser.TryParse(datagram, LocalCidLength, out var header));
        Assert.Equal(PacketType.Initial, header.Type);
        var copy = datagram.ToArray();
        var (client, server) = InitialSecrets.CreateProtection(version, clientDcid.Span);
        try
        {
            Assert.True(server.TryUnprotect(copy, header.PacketNumberOffset, -1, out _, out _, out Range payload));
            var reader = new QuicReader(copy.AsMemory()[payload]);
            Assert.True(reader.TryReadVarint(out ulong frameType));
            Assert.True(reader.TryReadVarint(out ulong errorCode));
            return (frameType, errorCode);
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    /// <summary>The DCID of a short header for our CID length, or of a long header.</summary>
    public static ConnectionId DestinationOf(byte[] datagram) =>
        (datagram[0] & 0x80) == 0
            ? new ConnectionId(datagram.AsSpan(1, LocalCidLength))
            : new ConnectionId(datagram.AsSpan(6, datagram[5]));
}
