using System.Diagnostics.CodeAnalysis;
using System.Net;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Tests.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Endpoint;

/// <summary>The dispatcher's table as the router sees it: connection IDs and peer reset tokens to a name.</summary>
internal sealed class TestTable : IConnectionIdLookup<string>
{
    public Dictionary<ConnectionId, string> ByConnectionId { get; } = new();
    public Dictionary<StatelessResetToken, string> ByResetToken { get; } = new();
    public int ResetTokenLookups { get; private set; }

    public bool TryGet(ReadOnlySpan<byte> destinationConnectionId, [MaybeNullWhen(false)] out string handle)
    {
        handle = null;
        return destinationConnectionId.Length <= ConnectionId.MaxLength
            && ByConnectionId.TryGetValue(new ConnectionId(destinationConnectionId), out handle);
    }

    public bool TryGetByStatelessResetToken(ReadOnlySpan<byte> token, [MaybeNullWhen(false)] out string handle)
    {
        ResetTokenLookups++;
        Assert.Equal(StatelessResetToken.Length, token.Length);
        return ByResetToken.TryGetValue(new StatelessResetToken(token), out handle);
    }
}

/// <summary>Real packets built with the stack's own writers and keys, and the router set-ups the tests share.</summary>
internal static class RouterHarness
{
    public static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.7"), 51000);
    public static readonly ConnectionId ClientDcid = ConnectionId.FromHex("8394c8f03e515708");
    public static readonly ConnectionId ClientScid = ConnectionId.FromHex("c101c202");
    public static readonly byte[] TokenKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] ResetKey = Enumerable.Range(7, 32).Select(i => (byte)(i * 3)).ToArray();
    public static readonly EndpointLoad Idle = new(0, 0);

    public static AddressTokenCodec NewCodec() => new(TokenKey, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));

    public static StatelessResetTokenGenerator NewResetGenerator() => new(ResetKey);

    public static EndpointRouterOptions ServerOptions(int seed = 1234, bool requireRetry = false, AddressTokenCodec? codec = null,
        double resetsPerSecond = 1_000, int resetBurst = 1_000, double responsesPerSecond = 1_000, int responseBurst = 1_000,
        int maxConnections = 100, int maxHandshakes = 10, bool refuseWithClose = true, IReadOnlyList<uint>? versions = null)
    {
        var random = new Random(seed);
        return new EndpointRouterOptions
        {
            AcceptNewConnections = true,
            RequireRetry = requireRetry,
            TokenCodec = codec ?? NewCodec(),
            StatelessResetTokens = NewResetGenerator(),
            StatelessResetsPerSecond = resetsPerSecond,
            StatelessResetBurst = resetBurst,
            ResponsesPerSecond = responsesPerSecond,
            ResponseBurst = responseBurst,
            MaxConnections = maxConnections,
            MaxHandshakesInProgress = maxHandshakes,
            RefuseWithConnectionClose = refuseWithClose,
            SupportedVersions = versions ?? [QuicVersion.V1, QuicVersion.V2],
            Random = span => random.NextBytes(span),
        };
    }

    public static EndpointRouterOptions ClientOptions(int seed = 1234)
    {
        var random = new Random(seed);
        return new EndpointRouterOptions
        {
            AcceptNewConnections = false,
            StatelessResetTokens = NewResetGenerator(),
            Random = span => random.NextBytes(span),
        };
    }

    /// <summary>
    /// A client Initial as a client sends it: CRYPTO with (fake) ClientHello bytes, PADDING to
    /// <paramref name="datagramSize"/>, sealed with the client Initial keys of <paramref name="dcid"/>.
    /// </summary>
    public static byte[] ClientInitial(uint version, ConnectionId dcid, ConnectionId scid, ReadOnlySpan<byte> token = default,
        int datagramSize = 1200, ulong packetNumber = 0, int cryptoLength = 280)
    {
        const int pnLength = 2;
        var datagram = new byte[datagramSize];
        int pnOffset = LongHeaderWriter.Write(datagram, version, PacketType.Initial, dcid.Span, scid.Span, token, packetNumber, pnLength);
        int payloadLength = datagramSize - pnOffset - pnLength - PacketProtection.TagLength;
        var clientHello = new byte[Math.Min(cryptoLength, payloadLength - 4)];
        new Random(cryptoLength).NextBytes(clientHello);
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

    /// <summary>A 0-RTT or Handshake packet (sealed under some key; the router never decrypts) padded to a datagram.</summary>
    public static byte[] LongPacket(uint version, PacketType type, ConnectionId dcid, ConnectionId scid, int datagramSize)
    {
        const int pnLength = 1;
        var datagram = new byte[datagramSize];
        int pnOffset = LongHeaderWriter.Write(datagram, version, type, dcid.Span, scid.Span, default, 3, pnLength);
        int payloadLength = datagramSize - pnOffset - pnLength - PacketProtection.TagLength;
        datagram.AsSpan(pnOffset + pnLength, payloadLength).Fill(0x01); // PING frames
        LongHeaderWriter.PatchLength(datagram, pnOffset, datagramSize);
        using var protection = new PacketProtection(CipherSuite.Aes128GcmSha256, new byte[32], version);
        protection.Protect(datagram, pnOffset, pnLength, 3, payloadLength);
        return datagram;
    }

    /// <summary>A protected 1-RTT packet of <paramref name="datagramSize"/> bytes to <paramref name="dcid"/>.</summary>
    public static byte[] OneRtt(ConnectionId dcid, int datagramSize, ulong packetNumber = 9)
    {
        const int pnLength = 2;
        var datagram = new byte[datagramSize];
        int pnOffset = ShortHeaderWriter.Write(datagram, dcid.Span, packetNumber, pnLength, spinBit: false, keyPhase: false);
        int payloadLength = datagramSize - pnOffset - pnLength - PacketProtection.TagLength;
        datagram.AsSpan(pnOffset + pnLength, payloadLength).Fill(0x01);
        using var protection = new PacketProtection(CipherSuite.Aes128GcmSha256, Enumerable.Repeat((byte)9, 32).ToArray(), QuicVersion.V1);
        protection.Protect(datagram, pnOffset, pnLength, packetNumber, payloadLength);
        return datagram;
    }

    /// <summary>Opens a server Initial the way the client would, with its own Initial keys, and returns its frames.</summary>
    public static List<object> OpenServerInitial(byte[] datagram, uint version, ConnectionId clientDcid, ConnectionId clientScid)
    {
        Assert.True(PacketHeaderParser.TryParse(datagram, 0, out var header));
        Assert.Equal(PacketType.Initial, header.Type);
        Assert.Equal(version, header.Version);
        Assert.Equal(datagram.Length, header.PacketLength);
        Assert.Equal(clientScid.ToArray(), header.DestinationConnectionId.ToArray());
        Assert.Equal(0, header.Token.Length);
        var copy = datagram.ToArray();
        var (client, server) = InitialSecrets.CreateProtection(version, clientDcid.Span);
        try
        {
            Assert.True(server.TryUnprotect(copy, header.PacketNumberOffset, -1, out ulong pn, out _, out Range payload));
            Assert.Equal(0UL, pn);
            Assert.True(HeaderBits.AreReservedBitsZero(copy[0]));
            var handler = new RecordingHandler();
            Assert.False(FrameParser.Parse(copy.AsMemory()[payload], PacketType.Initial, ref handler));
            return handler.Frames;
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    public static RouteDecision<string> Route(this EndpointRouter<string> router, byte[] datagram, long nowMs = 1_000,
        EndpointLoad load = default, IPEndPoint? from = null) =>
        router.Route(datagram, from ?? Client, nowMs, load);
}
